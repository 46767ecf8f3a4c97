package dev.signet.admin.console;

import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;

/**
 * Synchronizer CSRF tokens bound to the console session: the versioned server HMAC of the session's
 * access token, so nothing is stored, a token from another session never matches, and rotating the
 * HMAC key keeps open pages working. Every form carries it as {@code csrf}; htmx requests may send
 * it as {@code X-CSRF-Token}.
 */
@ApplicationScoped
public class ConsoleCsrf {

  public static final String FIELD = "csrf";
  public static final String HEADER = "X-CSRF-Token";
  private static final String PURPOSE = "signet-console-csrf:";
  private static final int MAX_LENGTH = 200;

  private final SecretHasher hasher;

  ConsoleCsrf(SecretHasher hasher) {
    this.hasher = hasher;
  }

  String tokenFor(String accessToken) {
    HashedSecret hashed = hasher.hash(PURPOSE + accessToken);
    return hashed.version()
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(hashed.hash());
  }

  /** Refuses unless the form field or the header carries this session's token. */
  public void require(ConsoleAdmin admin, String formValue, String headerValue) {
    String presented = formValue != null && !formValue.isEmpty() ? formValue : headerValue;
    if (!matches(admin.accessToken(), presented)) {
      throw ConsoleRefusal.badCsrf();
    }
  }

  private boolean matches(String accessToken, String presented) {
    if (presented == null || presented.length() > MAX_LENGTH) {
      return false;
    }
    int dot = presented.indexOf('.');
    if (dot < 1 || dot > 9) {
      return false;
    }
    try {
      int version = Integer.parseInt(presented.substring(0, dot));
      byte[] hash = Base64.getUrlDecoder().decode(presented.substring(dot + 1));
      return hasher.matches(PURPOSE + accessToken, hash, version);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
