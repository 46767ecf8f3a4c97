package dev.signet.token.introspect;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.auth.TokenVerifier;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.keys.ActiveKeySigner;
import dev.signet.common.keys.KeyChangeNotifications;
import dev.signet.common.testing.DatabaseTestTokens;
import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key caches (the verifier's key set and the signer's active key, 30 s TTL) learn of a key
 * change the way production tells them: keyring-service changes signing_keys and notifies {@value
 * KeyChangeNotifications#CHANNEL}, here from the test's own connection. Nothing calls invalidate():
 * each test first shows the unannounced change is not seen, then that the NOTIFY makes it seen
 * within a bound far below the TTL.
 */
@QuarkusTest
class KeyChangeNotificationTest {

  private static final DatabaseTestTokens OWN_KEYS = DatabaseTestTokens.fromTestProfile();

  @Inject TestTokens tokens;
  @Inject DatabaseChannels channels;
  @Inject ActiveKeySigner signer;
  @Inject TokenVerifier verifier;

  @BeforeEach
  void listening() {
    tokens.ensureActiveKey();
    Fixtures.awaitListening(channels, KeyChangeNotifications.CHANNEL);
  }

  @Test
  void aKeyRetiredAndNotifiedByAnotherConnectionEndsItsTokensAtIntrospection() {
    var client = Fixtures.account().create();
    var key = OWN_KEYS.insertKey("previous");
    String token = key.sign(OWN_KEYS.claims(client.clientId, "orders:read"));
    client.introspect(token).then().statusCode(200).body("active", equalTo(true));

    Fixtures.update(
        "UPDATE signing_keys SET state = 'retired', retired_at = now() WHERE kid = ?", key.kid());
    client
        .introspect(token)
        .then()
        .body("active", equalTo(true)); // unannounced: the cached key set still holds the key

    Fixtures.notify(KeyChangeNotifications.CHANNEL, key.kid());
    Eventually.until(
        Duration.ofSeconds(10),
        "introspection says inactive after the key-change NOTIFY",
        () ->
            Boolean.FALSE.equals(
                client.introspect(token).then().statusCode(200).extract().path("active")));
  }

  @Test
  void aKeyActivatedAndNotifiedByAnotherConnectionSignsTheNextTokens() throws Exception {
    var client = Fixtures.account().create();
    String original = tokens.ensureActiveKey();
    assertEquals(original, kidOf(issue(client)));
    var next = OWN_KEYS.insertKey("pending");
    try {
      swapActive(original, "previous", next.kid(), "active");
      assertEquals(
          original, kidOf(issue(client)), "unannounced: the cached active key still signs");

      Fixtures.notify(KeyChangeNotifications.CHANNEL, next.kid());
      Eventually.until(
          Duration.ofSeconds(10),
          "the signer uses the key activated by the NOTIFY",
          () -> next.kid().equals(kidOf(issue(client))));
      // The verifier heard the same NOTIFY: the new key's tokens are active.
      client.introspect(issue(client)).then().statusCode(200).body("active", equalTo(true));
    } finally {
      swapActive(next.kid(), "retired", original, "active");
      Fixtures.notify(KeyChangeNotifications.CHANNEL, original);
      // Clean-up, not the behaviour under test: no later test may sign with the retired key.
      signer.invalidate();
      verifier.invalidate();
      Eventually.until(
          Duration.ofSeconds(10),
          "the ring's original key signs again",
          () -> original.equals(kidOf(issue(client))));
    }
  }

  private static String issue(Fixtures.Account client) {
    return client.token().then().statusCode(200).extract().path("access_token");
  }

  private static String kidOf(String jwt) {
    try {
      return JsonWebStructure.fromCompactSerialization(jwt).getKeyIdHeaderValue();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** In one transaction, as the key ring rotates: the active key steps down, another steps up. */
  private static void swapActive(String down, String downState, String up, String upState)
      throws Exception {
    try (Connection c = PostgresTestResource.pooledConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement("UPDATE signing_keys SET state = ? WHERE kid = ?")) {
        s.setString(1, downState);
        s.setString(2, down);
        s.executeUpdate();
        s.setString(1, upState);
        s.setString(2, up);
        s.executeUpdate();
      }
      c.commit();
    }
  }
}
