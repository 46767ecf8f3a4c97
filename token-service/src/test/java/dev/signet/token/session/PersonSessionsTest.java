package dev.signet.token.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.token.Fixtures;
import dev.signet.token.user.People;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sessions against the real table: started, found, and dead once the person changes. */
@QuarkusTest
class PersonSessionsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Inject PersonSessions sessions;

  private StartedSession start(UUID user) {
    return sessions
        .start(user, "passkey", "cred-1", "192.0.2.7", "Mozilla/5.0\u0000\n evil")
        .await()
        .atMost(WAIT);
  }

  private static String value(StartedSession started) {
    String header = started.setCookie();
    return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
  }

  private Optional<PersonSession> current(String value) {
    return sessions.current(value).await().atMost(WAIT);
  }

  /** Polls (bounded) until the NOTIFY has reached the directory and the session reads dead. */
  private void awaitEnded(String value) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (current(value).isPresent()) {
      assertTrue(System.nanoTime() < deadline, "session still live after the change");
      Thread.onSpinWait();
    }
  }

  @Test
  void aStartedSessionIsFoundByItsCookieAndStoredOnlyAsAnHmac() {
    UUID user = People.person();
    StartedSession started = start(user);
    String header = started.setCookie();
    assertTrue(header.startsWith(SessionCookie.LOOPBACK_NAME + "="), header);
    assertTrue(header.contains("HttpOnly") && header.contains("SameSite=Strict"), header);
    assertFalse(header.contains("Secure"), "loopback http issuer: no Secure " + header);

    Optional<PersonSession> found = current(value(started));
    assertTrue(found.isPresent());
    assertEquals(user, found.get().userId());
    assertEquals(started.session().csrfToken(), found.get().csrfToken());
    assertEquals(
        java.util.List.of("0"),
        Fixtures.column(
            "SELECT count(*)::text FROM sessions WHERE token_hash = convert_to(?, 'UTF8')",
            value(started)));
    assertEquals(
        java.util.List.of("Mozilla/5.0?? evil"),
        Fixtures.column(
            "SELECT user_agent FROM sessions WHERE id = ?", started.session().sessionId()));
  }

  @Test
  void bumpingUserVerEndsTheSession() {
    UUID user = People.person();
    String value = value(start(user));
    assertTrue(current(value).isPresent());
    People.bumpUserVer(user);
    awaitEnded(value);
    People.bumpUserVer(user);
    assertTrue(current(value).isEmpty(), "a dead session stays dead");
  }

  @Test
  void disablingThePersonEndsTheSession() {
    UUID user = People.person();
    String value = value(start(user));
    People.disable(user);
    awaitEnded(value);
  }

  @Test
  void signingOutEndsTheSession() {
    StartedSession started = start(People.person());
    sessions.end(started.session()).await().atMost(WAIT);
    assertTrue(current(value(started)).isEmpty());
  }

  @Test
  void aDisabledPersonCannotStartOne() {
    UUID user = People.person();
    People.disable(user);
    assertThrows(PageException.class, () -> start(user));
  }

  @Test
  void hostileCookiesFindNothing() {
    for (String value :
        new String[] {null, "", "x", "a\u0000b", "A".repeat(10_000), "' OR 1=1 --", "Ꭺbc"}) {
      assertTrue(current(value).isEmpty(), String.valueOf(value).length() + " chars");
    }
  }

  @Test
  void csrfAndCookieRules() {
    assertTrue(Csrf.matches("abc", "abc"));
    assertFalse(Csrf.matches("abc", "abd"));
    assertFalse(Csrf.matches("abc", null));
    assertFalse(Csrf.matches("abc", ""));
    assertEquals("https://id.example", Csrf.originOf("https://ID.example:443/"));
    assertEquals("http://127.0.0.1:8081", Csrf.originOf("http://127.0.0.1:8081"));
    assertTrue(SessionCookie.loopbackHttp("http://localhost:9"));
    assertFalse(SessionCookie.loopbackHttp("https://127.0.0.1"));
    assertFalse(SessionCookie.loopbackHttp("http://id.example"));
    assertEquals(UserAgents.MAX, UserAgents.clean("a".repeat(5000)).length());
  }
}
