package dev.signet.common.auth;

import dev.signet.common.error.ProblemException;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.internal.InternalClientConfig;
import dev.signet.common.internal.InternalTokenSource;
import dev.signet.common.internal.RestClients;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Asks token-service, which owns the revocation state, whether a bearer token is still active (RFC
 * 7662, authenticated as this service's internal account). Answers are cached per jti: an active
 * one for {@code signet.auth.revocation.cache-ttl}, a revoked one until the token expires. When
 * token-service cannot answer, the request fails with 503 rather than letting a possibly revoked
 * token through.
 */
@DefaultBean
@ApplicationScoped
public class IntrospectionRevocationCheck implements RevocationCheck {

  private static final Logger LOG = Logger.getLogger(IntrospectionRevocationCheck.class);
  private static final int MAX_CACHED = 50_000;

  private record Answer(boolean revoked, Instant until) {}

  private final RevocationConfig config;
  private final InternalTokenSource internal;
  private final Clock clock;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private volatile IntrospectionClient client;

  private final String introspectionUrl;

  IntrospectionRevocationCheck(
      RevocationConfig config,
      InternalClientConfig internalConfig,
      InternalTokenSource internal,
      Clock clock) {
    this.config = config;
    this.internal = internal;
    this.clock = clock;
    this.introspectionUrl =
        config
            .introspectionUrl()
            .orElseGet(() -> internalConfig.tokenUrl().replaceFirst("/token$", "/introspect"));
  }

  @Override
  public Uni<Boolean> revoked(String jwt, VerifiedToken token) {
    if (!config.check()) {
      return Uni.createFrom().item(false);
    }
    String jti = token.jti();
    if (jti == null) {
      return Uni.createFrom().item(true);
    }
    Instant now = Instant.now(clock);
    Answer cached = answers.get(jti);
    if (cached != null && now.isBefore(cached.until())) {
      return Uni.createFrom().item(cached.revoked());
    }
    Optional<String> authorization = internal.clientAuthorization();
    if (authorization.isEmpty()) {
      return Uni.createFrom().failure(unavailable("no internal account is configured"));
    }
    MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
    form.add("token", jwt.trim());
    form.add("token_type_hint", "access_token");
    return client()
        .introspect(authorization.get(), form)
        .onFailure()
        .transform(
            e -> {
              LOG.warnf(
                  "token-service did not answer a revocation check: %s", SafeFailures.describe(e));
              return unavailable("token-service did not answer");
            })
        .map(
            answer -> {
              boolean revoked = !answer.active();
              remember(jti, revoked, revoked ? expiry(token, now) : now.plus(config.cacheTtl()));
              return revoked;
            });
  }

  private void remember(String jti, boolean revoked, Instant until) {
    if (answers.size() >= MAX_CACHED) {
      Instant now = Instant.now(clock);
      answers.values().removeIf(a -> !now.isBefore(a.until()));
      if (answers.size() >= MAX_CACHED) {
        answers.clear();
      }
    }
    answers.put(jti, new Answer(revoked, until));
  }

  private static Instant expiry(VerifiedToken token, Instant now) {
    try {
      return token.claims().getExpirationTime() == null
          ? now
          : Instant.ofEpochSecond(token.claims().getExpirationTime().getValue());
    } catch (MalformedClaimException e) {
      return now;
    }
  }

  private static ProblemException unavailable(String why) {
    return ProblemException.unavailable(
        "The token's revocation status cannot be checked now (" + why + ").");
  }

  private IntrospectionClient client() {
    IntrospectionClient c = client;
    if (c == null) {
      c = RestClients.build(IntrospectionClient.class, introspectionUrl, config.timeout());
      client = c;
    }
    return c;
  }
}
