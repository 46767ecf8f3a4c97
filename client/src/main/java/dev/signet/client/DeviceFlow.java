package dev.signet.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device authorization grant (RFC 8628) as a standard client runs it: ask for a code, show it,
 * then poll the token endpoint at the server's interval, five seconds slower after each {@code
 * slow_down} (section 3.5), until the person approves or denies or the code expires.
 */
public final class DeviceFlow {

  /** RFC 8628 section 3.2: the interval when the server names none. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

  private final SignetClient signet;
  private final ClientAuthentication client;

  DeviceFlow(SignetClient signet, ClientAuthentication client) {
    this.signet = signet;
    this.client = client;
  }

  /**
   * What the person is shown.
   *
   * @param verificationUriComplete null when the server offers none
   */
  public record Authorization(
      String deviceCode,
      String userCode,
      URI verificationUri,
      URI verificationUriComplete,
      Instant expiresAt,
      Duration interval) {

    @Override
    public String toString() {
      return "Authorization[userCode="
          + userCode
          + ", uri="
          + verificationUri
          + ", expiresAt="
          + expiresAt
          + "]";
    }
  }

  /** Told about each poll, for a spinner or a log line. */
  public interface Listener {
    default void pending(Duration nextPollIn) {}

    default void slowDown(Duration interval) {}
  }

  /** Waits between polls; tests and the CLI may wait differently. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());
  }

  public Authorization start(String scope) {
    URI endpoint = signet.discovery().deviceAuthorizationEndpoint();
    if (endpoint == null) {
      throw new TransportException(
          signet.discovery().issuer() + " advertises no device_authorization_endpoint", 0, null);
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("scope", scope);
    SignetHttp.Basic basic = client.apply(form, signet.discovery(), signet.clock());
    JsonNode body = signet.http().postForm(endpoint, form, basic);
    String deviceCode = SignetHttp.text(body, "device_code");
    String userCode = SignetHttp.text(body, "user_code");
    String uri = SignetHttp.text(body, "verification_uri");
    if (deviceCode == null || userCode == null || uri == null) {
      throw new TransportException("the device authorization answer is incomplete", 200, null);
    }
    String complete = SignetHttp.text(body, "verification_uri_complete");
    long interval = body.path("interval").asLong(DEFAULT_INTERVAL.toSeconds());
    return new Authorization(
        deviceCode,
        userCode,
        URI.create(uri),
        complete == null ? null : URI.create(complete),
        signet.clock().instant().plusSeconds(body.path("expires_in").asLong(600)),
        Duration.ofSeconds(Math.max(1, interval)));
  }

  /**
   * Polls until tokens come or the flow ends: {@code access_denied} and {@code expired_token}
   * arrive as {@link OAuthErrorException}s, as any other error does.
   */
  public Tokens await(Authorization authorization, Listener listener, Sleeper sleeper)
      throws InterruptedException {
    Duration interval = authorization.interval();
    while (true) {
      sleeper.sleep(interval);
      Map<String, String> form = SignetClient.form(Discovery.DEVICE_CODE);
      form.put("device_code", authorization.deviceCode());
      try {
        return signet.token(client, form);
      } catch (OAuthErrorException e) {
        switch (e.error()) {
          case "authorization_pending" -> listener.pending(interval);
          case "slow_down" -> {
            interval = interval.plus(SLOW_DOWN_STEP);
            listener.slowDown(interval);
          }
          default -> throw e;
        }
      }
      if (!signet.clock().instant().isBefore(authorization.expiresAt())) {
        throw new OAuthErrorException(400, "expired_token", "the device code expired");
      }
    }
  }
}
