package dev.signet.token.device;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.input.CleanText;
import dev.signet.common.reactive.RunToCompletion;
import dev.signet.common.secret.SecretHasher;
import dev.signet.token.client.AuthenticatedClient;
import dev.signet.token.client.ClientAuthenticator;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.grant.Scopes;
import dev.signet.token.metrics.TokenMetrics;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.oauth.OAuthRequests;
import dev.signet.token.ratelimit.SharedBudgets;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /oauth2/device_authorization} (RFC 8628 section 3.1): for the CLI's public client and
 * any client an admin allowed the device grant. Limited per client address across replicas.
 */
@Path("/oauth2/device_authorization")
public class DeviceAuthorizationEndpoint {

  private static final int MAX_SCOPE_CHARS = 1024;
  private static final int INSERT_ATTEMPTS = 3;

  private final OAuthRequests requests;
  private final ClientAuthenticator authenticator;
  private final DeviceCodes codes;
  private final SharedBudgets budgets;
  private final AuditRecorder audit;
  private final TokenMetrics metrics;
  private final Pool pool;
  private final Clock clock;
  private final TokenConfig.Users config;
  private final String verificationUri;

  DeviceAuthorizationEndpoint(
      OAuthRequests requests,
      ClientAuthenticator authenticator,
      DeviceCodes codes,
      SharedBudgets budgets,
      AuditRecorder audit,
      TokenMetrics metrics,
      Pool pool,
      Clock clock,
      TokenConfig config,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuer) {
    this.requests = requests;
    this.authenticator = authenticator;
    this.codes = codes;
    this.budgets = budgets;
    this.audit = audit;
    this.metrics = metrics;
    this.pool = pool;
    this.clock = clock;
    this.config = config.users();
    this.verificationUri = config.users().verificationUri().orElse(issuer + "/device");
  }

  /** Whether a client may start (and poll) device flows. */
  public static void requireDeviceGrant(AuthenticatedClient client) {
    if (!client.account().isPublic() && !client.account().deviceGrantEnabled()) {
      throw OAuthException.of(
          OAuthError.UNAUTHORIZED_CLIENT, "This client may not use the device grant.");
    }
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> authorize(byte[] body, @Context HttpServerRequest http) {
    return RunToCompletion.of(
            () -> {
              OAuthRequest request = requests.accept(body, http);
              String scope = scope(request);
              return budgets
                  .draw(
                      "device_authorization",
                      request.ip(),
                      config.deviceAuthorizationsPerIpPerMinute(),
                      Duration.ofMinutes(1))
                  .chain(() -> authenticator.authenticate(request))
                  .invoke(DeviceAuthorizationEndpoint::requireDeviceGrant)
                  .chain(client -> start(client, scope, request, INSERT_ATTEMPTS));
            })
        .map(
            answer ->
                Response.ok(answer, MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .build());
  }

  private static String scope(OAuthRequest request) {
    String scope = request.param("scope").orElse("");
    if (scope.length() > MAX_SCOPE_CHARS || CleanText.hasControl(scope)) {
      throw OAuthException.of(OAuthError.INVALID_SCOPE, "The scope parameter is not acceptable.");
    }
    for (String s : Scopes.parse(scope)) {
      // RFC 6749 section 3.3: scope-token is %x21 / %x23-5B / %x5D-7E.
      if (!s.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != '"' && c != '\\')) {
        throw OAuthException.of(OAuthError.INVALID_SCOPE, "The scope parameter is not acceptable.");
      }
    }
    return String.join(" ", Scopes.parse(scope));
  }

  private Uni<Map<String, Object>> start(
      AuthenticatedClient client, String scope, OAuthRequest request, int attemptsLeft) {
    String deviceCode = SecretHasher.newSecret();
    String userCode = UserCodes.generate();
    Instant expires = Instant.now(clock).plus(config.deviceCodeTtl());
    int interval = config.pollInterval();
    return pool.withTransaction(
            tx ->
                codes
                    .insert(
                        tx,
                        deviceCode,
                        userCode,
                        client.clientId(),
                        scope,
                        interval,
                        expires,
                        request.ip(),
                        CleanText.forRecord(request.userAgent() == null ? "" : request.userAgent()))
                    .call(
                        inserted ->
                            inserted
                                ? audit.record(
                                    tx,
                                    AuditEvent.builder("device.authorization_requested")
                                        .actor(client.clientId())
                                        .target("user_code/" + userCode)
                                        .attribute("client_id", client.clientId())
                                        .attribute("scope", scope)
                                        .attribute("expires_at", expires.toString())
                                        .attribute("ip", request.ip()))
                                : Uni.createFrom().voidItem()))
        .chain(
            inserted -> {
              if (!inserted) {
                if (attemptsLeft <= 1) {
                  return Uni.createFrom()
                      .failure(OAuthException.unavailable("No user code free; retry shortly."));
                }
                return start(client, scope, request, attemptsLeft - 1);
              }
              metrics.deviceFlow("authorized");
              String shown = UserCodes.display(userCode);
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("device_code", deviceCode);
              body.put("user_code", shown);
              body.put("verification_uri", verificationUri);
              body.put(
                  "verification_uri_complete",
                  verificationUri
                      + (verificationUri.contains("?") ? "&" : "?")
                      + "user_code="
                      + URLEncoder.encode(shown, StandardCharsets.UTF_8));
              body.put("expires_in", config.deviceCodeTtl().toSeconds());
              body.put("interval", interval);
              return Uni.createFrom().item(body);
            });
  }
}
