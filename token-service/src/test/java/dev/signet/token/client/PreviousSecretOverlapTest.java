package dev.signet.token.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rotated-out client secret keeps working until the overlap admin-api recorded ends ({@code
 * previous_secret_expires_at}), and not a moment after. admin-api only writes the columns; the
 * check lives here, in client authentication.
 */
@QuarkusTest
class PreviousSecretOverlapTest {

  @Inject SecretHasher hasher;
  @Inject TestTokens tokens;

  @BeforeEach
  void aKeySigns() {
    tokens.ensureActiveKey();
  }

  @Test
  void theOldSecretWorksInsideTheOverlapAndIsRefusedAfterIt() {
    Fixtures.Account account = Fixtures.account().create();
    String newSecret = SecretHasher.newSecret();
    rotate(account.clientId, newSecret, Instant.now().plusSeconds(3600));

    token(account.clientId, account.secret).then().statusCode(200);
    token(account.clientId, newSecret).then().statusCode(200);

    Fixtures.update(
        "UPDATE service_accounts SET previous_secret_expires_at = ? WHERE client_id = ?",
        Timestamp.from(Instant.now().minusSeconds(1)),
        account.clientId);

    token(account.clientId, account.secret)
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    token(account.clientId, newSecret).then().statusCode(200);
  }

  @Test
  void aRotationWithoutOverlapRefusesTheOldSecretAtOnce() {
    Fixtures.Account account = Fixtures.account().create();
    String newSecret = SecretHasher.newSecret();
    rotate(account.clientId, newSecret, null);

    token(account.clientId, account.secret).then().statusCode(401);
    token(account.clientId, newSecret).then().statusCode(200);
  }

  /** What admin-api's rotate-secret writes: the old hash moves to the previous slot. */
  private void rotate(String clientId, String newSecret, Instant overlapEnds) {
    HashedSecret hashed = hasher.hash(newSecret);
    Fixtures.update(
        "UPDATE service_accounts SET previous_secret_hash = CASE WHEN ?::timestamptz IS NULL"
            + " THEN NULL ELSE secret_hash END, previous_secret_hash_version = CASE WHEN"
            + " ?::timestamptz IS NULL THEN NULL ELSE secret_hash_version END,"
            + " previous_secret_expires_at = ?::timestamptz, secret_hash = ?,"
            + " secret_hash_version = ? WHERE client_id = ?",
        ts(overlapEnds),
        ts(overlapEnds),
        ts(overlapEnds),
        hashed.hash(),
        hashed.version(),
        clientId);
  }

  private static Timestamp ts(Instant at) {
    return at == null ? null : Timestamp.from(at);
  }

  private static Response token(String clientId, String secret) {
    return given()
        .auth()
        .preemptive()
        .basic(clientId, secret)
        .formParam("grant_type", "client_credentials")
        .when()
        .post("/oauth2/token");
  }
}
