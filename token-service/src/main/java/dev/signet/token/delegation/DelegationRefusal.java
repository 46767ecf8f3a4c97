package dev.signet.token.delegation;

import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;

/**
 * Why a delegated exchange was refused: a small fixed set, so it can label a metric and an audit
 * attribute; the OAuth error the client gets; and the text it reads.
 */
record DelegationRefusal(String reason, OAuthError error, String description) {

  static final String UNAVAILABLE = "unavailable";

  static DelegationRefusal grant(String reason, String description) {
    return new DelegationRefusal(reason, OAuthError.INVALID_GRANT, description);
  }

  /** delegation-service's refusal text sorted into a reason (its texts are its README's). */
  static DelegationRefusal fromCheck(String text) {
    String t = text == null ? "" : text;
    String description = "Delegation refused: " + (t.isEmpty() ? "no reason given" : t) + ".";
    if (t.startsWith("scopes exceed")) {
      return new DelegationRefusal("scope", OAuthError.INVALID_SCOPE, description);
    }
    if (t.startsWith("audiences exceed")) {
      return new DelegationRefusal("audience", OAuthError.INVALID_TARGET, description);
    }
    String reason;
    if (t.startsWith("depth")) {
      reason = "depth";
    } else if (t.startsWith("actor cycle")) {
      reason = "cycle";
    } else if (t.contains("revoked")) {
      reason = "revoked";
    } else if (t.contains("expired")) {
      reason = "expired";
    } else if (t.startsWith("no such grant")) {
      reason = "unknown_grant";
    } else if (t.contains("lineage")) {
      reason = "lineage";
    } else {
      reason = "denied";
    }
    return grant(reason, description);
  }

  OAuthException exception() {
    return error == OAuthError.TEMPORARILY_UNAVAILABLE
        ? OAuthException.unavailable(description)
        : OAuthException.of(error, description);
  }

  /** Thrown through the exchange so the refusal is audited and counted once, where it is caught. */
  static final class Refused extends RuntimeException {
    final transient DelegationRefusal refusal;

    Refused(DelegationRefusal refusal) {
      super(refusal.description(), null, false, false);
      this.refusal = refusal;
    }
  }

  Refused raise() {
    return new Refused(this);
  }
}
