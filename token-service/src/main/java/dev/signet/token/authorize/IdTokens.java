package dev.signet.token.authorize;

import dev.signet.common.keys.ActiveKeySigner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * OpenID Connect ID tokens for the code grant, signed with the key ring's active key like access
 * tokens (so the same JWKS verifies them). {@code aud} is the client alone: an ID token is for the
 * client that asked, never a bearer credential for an API (the access token is).
 */
@ApplicationScoped
public class IdTokens {

  private final ActiveKeySigner signer;
  private final Clock clock;
  private final String issuer;

  IdTokens(
      ActiveKeySigner signer,
      Clock clock,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuer) {
    this.signer = signer;
    this.clock = clock;
    this.issuer = issuer;
  }

  /**
   * Signs the ID token of {@code code}'s person for its client, valid as long as the access token.
   */
  public Uni<String> sign(AuthorizationCode code, long ttlSeconds) {
    Instant now = Instant.now(clock);
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setSubject(code.userId().toString());
    claims.setAudience(code.clientId());
    claims.setClaim("azp", code.clientId());
    claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + ttlSeconds));
    claims.setClaim("auth_time", code.authTime().getEpochSecond());
    if (code.nonce() != null) {
      claims.setClaim("nonce", code.nonce());
    }
    if (code.sessionId() != null) {
      claims.setClaim("sid", code.sessionId());
    }
    return signer.sign(claims, "JWT");
  }
}
