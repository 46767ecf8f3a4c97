package dev.signet.common.internal;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A {@code signet:internal} access token for this service, obtained by client_credentials with the
 * service's own internal account and cached until shortly before it expires. Concurrent callers
 * share one token request; a failed request is not cached, so the next call tries again.
 */
@ApplicationScoped
public class InternalTokenSource {

  private record Cached(String token, Instant refreshAt) {}

  private final InternalClientConfig config;
  private final Clock clock;
  private volatile InternalTokenClient client;
  private volatile Cached cached;
  private Uni<String> inFlight;

  InternalTokenSource(InternalClientConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** The bearer token, or empty when no internal account is configured. */
  public Uni<Optional<String>> token() {
    if (config.clientId().isEmpty() || config.clientSecret().isEmpty()) {
      return Uni.createFrom().item(Optional.empty());
    }
    Cached c = cached;
    if (c != null && Instant.now(clock).isBefore(c.refreshAt())) {
      return Uni.createFrom().item(Optional.of(c.token()));
    }
    return shared().map(Optional::of);
  }

  /**
   * {@code Authorization: Basic} for the internal account itself, for calls that authenticate as a
   * client (introspection) rather than with a token; empty when no account is configured.
   */
  public Optional<String> clientAuthorization() {
    if (config.clientId().isEmpty() || config.clientSecret().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(basic(config.clientId().get(), config.clientSecret().get()));
  }

  /** Drops the cached token, e.g. after the callee answered 401. */
  public void invalidate() {
    cached = null;
  }

  private synchronized Uni<String> shared() {
    if (inFlight == null) {
      inFlight = fetch().onTermination().invoke(this::clearInFlight).memoize().indefinitely();
    }
    return inFlight;
  }

  private synchronized void clearInFlight() {
    inFlight = null;
  }

  private Uni<String> fetch() {
    MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
    form.add("grant_type", "client_credentials");
    form.add("scope", config.scope());
    return client()
        .token(basic(config.clientId().get(), config.clientSecret().get()), form)
        .map(
            response -> {
              if (response == null || response.accessToken() == null) {
                throw new IllegalStateException("token endpoint answered without access_token");
              }
              Instant now = Instant.now(clock);
              Duration lifetime = Duration.ofSeconds(Math.max(0, response.expiresIn()));
              Duration early = config.refreshBefore();
              // Short-lived tokens are renewed at half their life rather than never cached.
              Duration keep =
                  lifetime.compareTo(early.multipliedBy(2)) > 0
                      ? lifetime.minus(early)
                      : lifetime.dividedBy(2);
              cached = new Cached(response.accessToken(), now.plus(keep));
              return response.accessToken();
            });
  }

  private InternalTokenClient client() {
    InternalTokenClient c = client;
    if (c == null) {
      c = RestClients.build(InternalTokenClient.class, config.tokenUrl(), config.timeout());
      client = c;
    }
    return c;
  }

  /** RFC 6749 section 2.3.1: id and secret are form-encoded before Basic encoding. */
  private static String basic(String id, String secret) {
    String pair =
        URLEncoder.encode(id, StandardCharsets.UTF_8)
            + ":"
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }
}
