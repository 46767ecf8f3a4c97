package dev.signet.token.introspect;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access tokens end with their account, their refresh family and precise cutoffs; a check that
 * cannot be made is 503, never "inactive" (issue 13, items 4, 5, 9 and 11).
 */
@QuarkusTest
class LiveTokenRevocationTest {

  @Inject TestTokens tokens;

  private Fixtures.Account resourceServer;

  @BeforeEach
  void setUp() {
    tokens.ensureActiveKey();
    resourceServer = Fixtures.account().create();
  }

  private boolean active(String accessToken) {
    return resourceServer
        .introspect(accessToken)
        .then()
        .statusCode(200)
        .extract()
        .<Boolean>path("active");
  }

  private static String claim(String jwt, String name) {
    String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    var m = java.util.regex.Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void disabledAccountsEarlierTokenIsInactive() {
    var account = Fixtures.account().create();
    String token = account.token().then().statusCode(200).extract().path("access_token");
    assertTrue(active(token));
    Fixtures.update(
        "UPDATE service_accounts SET status = 'disabled' WHERE client_id = ?", account.clientId);
    assertEquals(false, active(token));
  }

  @Test
  void expiredAccountsEarlierTokenIsInactive() {
    var account = Fixtures.account().create();
    String token = account.token().then().statusCode(200).extract().path("access_token");
    Fixtures.update(
        "UPDATE service_accounts SET expires_at = now() - interval '1 second' WHERE client_id = ?",
        account.clientId);
    assertEquals(false, active(token));
  }

  @Test
  void deletedAccountsEarlierTokenIsInactive() {
    var account = Fixtures.account().create();
    String token = account.token().then().statusCode(200).extract().path("access_token");
    Fixtures.update("DELETE FROM service_accounts WHERE client_id = ?", account.clientId);
    assertEquals(false, active(token));
  }

  @Test
  void reusedRefreshTokenAlsoKillsTheFamilysAccessTokens() {
    var account = Fixtures.account().refreshEnabled().create();
    var first = account.token().then().statusCode(200).extract();
    String at1 = first.path("access_token");
    String rt1 = first.path("refresh_token");
    var second = account.refresh(rt1).then().statusCode(200).extract();
    String at2 = second.path("access_token");
    assertEquals(claim(at1, "sid"), claim(at2, "sid"));
    assertTrue(active(at1));
    assertTrue(active(at2));
    account.refresh(rt1).then().statusCode(400).body("error", equalTo("invalid_grant"));
    assertEquals(false, active(at1));
    assertEquals(false, active(at2));
  }

  @Test
  void revokedRefreshTokenAlsoKillsTheAccessTokenMintedWithIt() {
    var account = Fixtures.account().refreshEnabled().create();
    var first = account.token().then().statusCode(200).extract();
    String at = first.path("access_token");
    account.revoke(first.path("refresh_token")).then().statusCode(200);
    assertEquals(false, active(at));
  }

  @Test
  void refreshDropsAnAudienceTheAccountLostAndFailsWhenNoneIsLeft() {
    var account =
        Fixtures.account()
            .refreshEnabled()
            .audiences("https://a.example", "https://b.example")
            .create();
    String rt = account.token().then().statusCode(200).extract().path("refresh_token");
    Fixtures.update(
        "UPDATE service_accounts SET allowed_audiences = '{https://a.example}' WHERE client_id = ?",
        account.clientId);
    var refreshed = account.refresh(rt).then().statusCode(200).extract();
    String at = refreshed.path("access_token");
    assertEquals("https://a.example", claim(at, "aud"));
    Fixtures.update(
        "UPDATE service_accounts SET allowed_audiences = '{https://c.example}' WHERE client_id = ?",
        account.clientId);
    account
        .refresh(refreshed.path("refresh_token"))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
  }

  @Test
  void refreshFamilyEndsAtItsAbsoluteLifetime() {
    var account = Fixtures.account().refreshEnabled().create();
    Fixtures.SavedPolicy saved = Fixtures.savePolicy();
    Fixtures.update(
        "UPDATE token_policy SET refresh_token_max_lifetime_seconds = 3600 WHERE id = 'default'");
    try {
      String rt = account.token().then().statusCode(200).extract().path("refresh_token");
      String rt2 = account.refresh(rt).then().statusCode(200).extract().path("refresh_token");
      List<String> late =
          Fixtures.column(
              "SELECT count(*) FROM refresh_tokens WHERE client_id = ?"
                  + " AND expires_at > family_started_at + interval '3600 seconds'",
              account.clientId);
      assertEquals(List.of("0"), late);
      // The family started two hours ago: past its lifetime, however fresh the sliding window.
      Fixtures.update(
          "UPDATE refresh_tokens SET family_started_at = now() - interval '2 hours'"
              + " WHERE client_id = ?",
          account.clientId);
      account.refresh(rt2).then().statusCode(400).body("error", equalTo("invalid_grant"));
    } finally {
      saved.restore();
    }
  }

  @Test
  void tokenIssuedAMomentAfterARevokeAllCutoffStaysValid() {
    var account = Fixtures.account().create();
    String token = account.token().then().statusCode(200).extract().path("access_token");
    long iat = Long.parseLong(claim(token, "iat"));
    // A cutoff at the very start of the token's second: the token was issued at or after it.
    OffsetDateTime cutoff = Instant.ofEpochSecond(iat).atOffset(ZoneOffset.UTC);
    Fixtures.update(
        "INSERT INTO token_revocation_cutoffs (kind, value, revoked_before, reason)"
            + " VALUES ('client', ?, ?, 'test')",
        account.clientId,
        cutoff);
    assertTrue(active(token));
    // A cutoff in the next second covers it.
    Fixtures.update(
        "UPDATE token_revocation_cutoffs SET revoked_before = ? WHERE value = ?",
        cutoff.plusNanos(1_000_000_000L),
        account.clientId);
    assertEquals(false, active(token));
  }

  @Test
  void introspectionAnswers503WhenTheDatabaseCannotCheck() {
    var account = Fixtures.account().create();
    String token = account.token().then().statusCode(200).extract().path("access_token");
    Fixtures.update("ALTER TABLE revoked_jtis RENAME TO revoked_jtis_away");
    try {
      resourceServer
          .introspect(token)
          .then()
          .statusCode(503)
          .header("Retry-After", notNullValue())
          .body("error", equalTo("temporarily_unavailable"));
    } finally {
      Fixtures.update("ALTER TABLE revoked_jtis_away RENAME TO revoked_jtis");
    }
    assertTrue(active(token));
  }
}
