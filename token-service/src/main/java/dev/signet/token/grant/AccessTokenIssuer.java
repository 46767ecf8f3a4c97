package dev.signet.token.grant;

import dev.signet.common.keys.ActiveKeySigner;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.decision.IssuanceDecisions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** Mints RFC 9068 JWT access tokens ({@code typ: at+jwt}) with the keyring's active key. */
@ApplicationScoped
public class AccessTokenIssuer {

  public static final String TYPE = "at+jwt";

  /** Claim naming the refresh family an access token was minted with or from. */
  public static final String SID = "sid";

  /** A signed access token and the facts the caller audits and answers with. */
  public record IssuedAccessToken(String jwt, String jti, Instant expiresAt, long expiresIn) {}

  private final ActiveKeySigner signer;
  private final IssuanceDecisions decisions;
  private final Clock clock;
  private final String issuer;

  AccessTokenIssuer(
      ActiveKeySigner signer,
      IssuanceDecisions decisions,
      Clock clock,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuer) {
    this.signer = signer;
    this.decisions = decisions;
    this.clock = clock;
    this.issuer = issuer;
  }

  /**
   * Makes sure the active key is loaded. Call before opening a transaction that signs: loading the
   * key needs a pool connection of its own, and transactions that hold every connection while
   * waiting for one would stall the pool.
   */
  public Uni<Void> ready() {
    return signer.activeKey().replaceWithVoid();
  }

  public Uni<IssuedAccessToken> issue(
      String clientId,
      String subject,
      Collection<String> scopes,
      List<String> audiences,
      long ttlSeconds,
      UUID familyId) {
    return issue(
        clientId,
        subject,
        scopes,
        audiences,
        ttlSeconds,
        familyId,
        SignetClaims.PRINCIPAL_SERVICE_ACCOUNT);
  }

  /** As above, for a principal other than the service account itself (token exchange). */
  public Uni<IssuedAccessToken> issue(
      String clientId,
      String subject,
      Collection<String> scopes,
      List<String> audiences,
      long ttlSeconds,
      UUID familyId,
      String principalType) {
    return issue(
        clientId, subject, scopes, audiences, ttlSeconds, familyId, principalType, Map.of());
  }

  /**
   * As above, with claims of the exchange that made the token ({@code fed}, {@code prov}, {@code
   * act}); they never replace a registered or Signet claim set here. Every token is signed only
   * after the policy engine allowed it, when it involves policy-governed scopes or an actor.
   */
  public Uni<IssuedAccessToken> issue(
      String clientId,
      String subject,
      Collection<String> scopes,
      List<String> audiences,
      long ttlSeconds,
      UUID familyId,
      String principalType,
      Map<String, Object> extraClaims) {
    return decisions
        .allow(
            new IssuanceDecisions.Issuance(
                clientId, subject, principalType, scopes, audiences, extraClaims))
        .chain(
            () ->
                sign(
                    clientId,
                    subject,
                    scopes,
                    audiences,
                    ttlSeconds,
                    familyId,
                    principalType,
                    extraClaims));
  }

  private Uni<IssuedAccessToken> sign(
      String clientId,
      String subject,
      Collection<String> scopes,
      List<String> audiences,
      long ttlSeconds,
      UUID familyId,
      String principalType,
      Map<String, Object> extraClaims) {
    Instant now = Instant.now(clock);
    Instant expires = now.plusSeconds(ttlSeconds);
    String jti = UUID.randomUUID().toString();
    JwtClaims claims = new JwtClaims();
    extraClaims.forEach(claims::setClaim);
    claims.setIssuer(issuer);
    claims.setSubject(subject);
    if (audiences.size() == 1) {
      claims.setAudience(audiences.get(0));
    } else {
      claims.setAudience(audiences);
    }
    claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(expires.getEpochSecond()));
    claims.setJwtId(jti);
    claims.setClaim("client_id", clientId);
    claims.setClaim("scope", String.join(" ", scopes));
    if (principalType != null) {
      claims.setClaim(SignetClaims.PRINCIPAL_TYPE, principalType);
    }
    if (familyId != null) {
      // The refresh family the token was minted with: revoking the family ends the token too.
      claims.setClaim(SID, familyId.toString());
    }
    return signer
        .sign(claims, TYPE)
        .map(jwt -> new IssuedAccessToken(jwt, jti, expires, ttlSeconds));
  }
}
