package dev.signet.token.session;

import io.quarkus.arc.Arc;
import java.time.Duration;
import java.util.UUID;

/**
 * A person signed in without a passkey ceremony, for tests of the pages behind sign-in: a real
 * session row and the cookie a browser would hold.
 */
public final class SignedIn {

  /** A started session: the cookie's name and value, and its CSRF token. */
  public record Browser(PersonSession session, String cookieName, String cookieValue) {
    public String csrf() {
      return session.csrfToken();
    }
  }

  private SignedIn() {}

  public static Browser as(UUID user) {
    PersonSessions sessions = Arc.container().instance(PersonSessions.class).get();
    SessionCookie cookie = Arc.container().instance(SessionCookie.class).get();
    StartedSession started =
        sessions
            .start(user, "passkey", "cred-test", "127.0.0.1", "test-agent")
            .await()
            .atMost(Duration.ofSeconds(10));
    String header = started.setCookie();
    String value = header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    return new Browser(started.session(), cookie.name(), value);
  }
}
