package dev.signet.token.audience;

import dev.signet.common.auth.AudienceTokenUses;
import dev.signet.common.auth.VerifiedToken;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;

/**
 * token-service owns the store of used single-use tokens, so its own {@code @RequiresAudience}
 * endpoints consume them there directly (the same store introspection with {@code consume=true}
 * writes); replaces common's introspection-based one here.
 */
@ApplicationScoped
public class LocalAudienceTokenUses implements AudienceTokenUses {

  private final SingleUseTokens tokens;

  LocalAudienceTokenUses(SingleUseTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public Uni<Boolean> consume(String jwt, VerifiedToken token) {
    String jti = token.jti();
    NumericDate exp;
    try {
      exp = token.claims().getExpirationTime();
    } catch (MalformedClaimException e) {
      return Uni.createFrom().item(false);
    }
    if (jti == null || exp == null) {
      return Uni.createFrom().item(false);
    }
    return tokens.consume(jti, exp.getValue());
  }
}
