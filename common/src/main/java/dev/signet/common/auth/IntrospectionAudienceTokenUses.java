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
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Consumes a single-use audience token at token-service (RFC 7662 with {@code consume=true}, as
 * this service's internal account): active means this was the first use. Never cached: a second use
 * must be asked again. When token-service cannot answer the request fails with 503. With {@code
 * signet.auth.revocation.check=false} (tests without a token-service) nothing is asked.
 */
@DefaultBean
@ApplicationScoped
public class IntrospectionAudienceTokenUses implements AudienceTokenUses {

  private static final Logger LOG = Logger.getLogger(IntrospectionAudienceTokenUses.class);

  private final RevocationConfig config;
  private final InternalTokenSource internal;
  private final String introspectionUrl;
  private volatile IntrospectionClient client;

  IntrospectionAudienceTokenUses(
      RevocationConfig config, InternalClientConfig internalConfig, InternalTokenSource internal) {
    this.config = config;
    this.internal = internal;
    this.introspectionUrl =
        config
            .introspectionUrl()
            .orElseGet(() -> internalConfig.tokenUrl().replaceFirst("/token$", "/introspect"));
  }

  @Override
  public Uni<Boolean> consume(String jwt, VerifiedToken token) {
    if (!config.check()) {
      return Uni.createFrom().item(true);
    }
    Optional<String> authorization = internal.clientAuthorization();
    if (authorization.isEmpty()) {
      return Uni.createFrom().failure(unavailable("no internal account is configured"));
    }
    MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
    form.add("token", jwt.trim());
    form.add("token_type_hint", "access_token");
    form.add("consume", "true");
    return client()
        .introspect(authorization.get(), form)
        .onFailure()
        .transform(
            e -> {
              LOG.warnf(
                  "token-service did not consume a single-use token: %s", SafeFailures.describe(e));
              return unavailable("token-service did not answer");
            })
        .map(IntrospectionClient.Answer::active);
  }

  private static ProblemException unavailable(String why) {
    return ProblemException.unavailable(
        "The single-use token cannot be checked now (" + why + ").");
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
