package dev.signet.admin.invites;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.admin.FakeSes;
import dev.signet.admin.Sql;
import dev.signet.common.secret.SecretHasher;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invites end to end (issue 17, item 2): the admin invites, the real SES client mails the link to a
 * local SESv2 server, the link from the sent body redeems once for a key enrollment token; every
 * way a link goes bad (used, withdrawn, superseded, expired, wrong token) is refused and changes
 * nothing.
 */
@QuarkusTest
class InviteFlowTest {

  private static final Pattern LINK = Pattern.compile("(http://\\S+/v1/verify\\?invite=\\S+)");

  @Inject TestTokens tokens;
  @Inject SecretHasher hasher;

  @BeforeEach
  void reachable() {
    AuditDeliveryProxy.reachable();
  }

  private String admin() {
    return tokens.bearer("carol", "signet:admin");
  }

  private static String address() {
    return "inv-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  private JsonPath invite(String email) {
    return given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(
            "{\"email\":\"" + email + "\",\"display_name\":\"Ada <b>\",\"roles\":[\"developer\"]}")
        .post("/v1/invites")
        .then()
        .statusCode(201)
        .body("invite.status", equalTo("pending"))
        .body("invite.email", equalTo(email))
        .body("mail_message_id", notNullValue())
        .extract()
        .jsonPath();
  }

  /** The link of the newest mail to the address, as the person would click it. */
  private static URI linkFor(String email) {
    List<FakeSes.Mail> mails = FakeSes.to(email);
    assertFalse(mails.isEmpty(), "a mail to " + email);
    FakeSes.Mail mail = mails.get(mails.size() - 1);
    Matcher m = LINK.matcher(mail.text());
    assertTrue(m.find(), mail.text());
    URI link = URI.create(m.group(1));
    // The HTML body carries the same link, escaped; the display name is escaped too.
    assertTrue(mail.html().contains(m.group(1).replace("&", "&amp;")), mail.html());
    assertTrue(mail.html().contains("Ada &lt;b&gt;"), mail.html());
    assertEquals("signet@test.example", mail.from());
    return link;
  }

  private static io.restassured.response.Response open(URI link) {
    return given().urlEncodingEnabled(false).get("/v1/verify?" + link.getRawQuery());
  }

  @Test
  void inviteMailVerifyOnce() {
    String email = address();
    JsonPath created = invite(email);
    String userId = created.getString("invite.user_id");
    String inviteId = created.getString("invite.id");
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/users/" + userId)
        .then()
        .statusCode(200)
        .body("status", equalTo("invited"));
    URI link = linkFor(email);
    // The token is stored only as its HMAC.
    Map<String, Object> row = Sql.row("SELECT * FROM invites WHERE id = ?::uuid", inviteId);
    String token = link.getRawQuery().replaceAll(".*token=", "");
    assertTrue(
        hasher.matches(token, (byte[]) row.get("token_hash"), (Integer) row.get("hash_version")));
    assertEquals(
        0, Sql.count("SELECT count(*) FROM outbox WHERE payload::text LIKE ?", "%" + token + "%"));

    JsonPath redeemed =
        open(link)
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .header("Referrer-Policy", "no-referrer")
            .body("user_id", equalTo(userId))
            .body("email", equalTo(email))
            .body("key_enrollment_token", notNullValue())
            .extract()
            .jsonPath();
    String ket = redeemed.getString("key_enrollment_token");
    Map<String, Object> k =
        Sql.row("SELECT * FROM key_enrollment_tokens WHERE user_id = ?::uuid", userId);
    assertNotNull(k);
    assertTrue(hasher.matches(ket, (byte[]) k.get("token_hash"), (Integer) k.get("hash_version")));
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/users/" + userId)
        .then()
        .statusCode(200)
        .body("status", equalTo("active"))
        .body("email_verified_at", notNullValue());
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/invites/" + inviteId)
        .then()
        .statusCode(200)
        .body("status", equalTo("redeemed"));
    assertEquals(
        1,
        Sql.count(
            "SELECT count(*) FROM outbox WHERE event_type = 'admin.invite.redeemed'"
                + " AND payload->>'target' = ?",
            inviteId));

    // Used once: the same link again is 410 and hands out nothing more.
    open(link).then().statusCode(410).contentType("application/problem+json");
    assertEquals(
        1, Sql.count("SELECT count(*) FROM key_enrollment_tokens WHERE user_id = ?::uuid", userId));
    // An active person is not invited again.
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"email\":\"" + email.toUpperCase(java.util.Locale.ROOT) + "\"}")
        .post("/v1/invites")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void wrongTokenAndUnknownInviteLookTheSame() {
    String email = address();
    String inviteId = invite(email).getString("invite.id");
    URI link = linkFor(email);
    String wrong = "invite=" + inviteId + "&token=" + SecretHasher.newSecret();
    String unknown =
        "invite=" + UUID.randomUUID() + "&token=" + link.getRawQuery().replaceAll(".*token=", "");
    for (String query : List.of(wrong, unknown)) {
      given()
          .urlEncodingEnabled(false)
          .get("/v1/verify?" + query)
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("detail", equalTo("No invite matches this link."));
    }
    // The right link still works after the wrong tries.
    open(link).then().statusCode(200);
  }

  @Test
  void revokedSupersededAndExpiredLinksAreGone() {
    String email = address();
    String first = invite(email).getString("invite.id");
    URI firstLink = linkFor(email);
    String second = invite(email).getString("invite.id");
    URI secondLink = linkFor(email);
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/invites/" + first)
        .then()
        .body("status", equalTo("revoked"))
        .body("revoke_reason", equalTo("superseded"));
    open(firstLink)
        .then()
        .statusCode(410)
        .body("detail", equalTo("This invite was withdrawn; ask for a new one."));

    given()
        .auth()
        .oauth2(admin())
        .queryParam("reason", "wrong person")
        .post("/v1/invites/" + second + "/revoke")
        .then()
        .statusCode(200)
        .body("status", equalTo("revoked"))
        .body("revoked_by", equalTo("carol"));
    open(secondLink).then().statusCode(410);
    given().auth().oauth2(admin()).post("/v1/invites/" + second + "/revoke").then().statusCode(409);

    String third = invite(email).getString("invite.id");
    URI thirdLink = linkFor(email);
    Sql.update(
        "UPDATE invites SET expires_at = now() - interval '1 second' WHERE id = ?::uuid", third);
    given()
        .auth()
        .oauth2(admin())
        .queryParam("status", "expired")
        .queryParam("email", email)
        .get("/v1/invites")
        .then()
        .statusCode(200)
        .body("items.id", equalTo(List.of(third)));
    open(thirdLink)
        .then()
        .statusCode(410)
        .body("detail", equalTo("This invite has expired; ask for a new one."));
    assertEquals(
        "invited", Sql.row("SELECT status FROM users WHERE lower(email) = ?", email).get("status"));
  }

  @Test
  void aRejectedMailWithdrawsTheInvite() {
    String email = address();
    FakeSes.REJECTED.add(email);
    try {
      given()
          .auth()
          .oauth2(admin())
          .contentType("application/json")
          .body("{\"email\":\"" + email + "\"}")
          .post("/v1/invites")
          .then()
          .statusCode(502)
          .contentType("application/problem+json");
    } finally {
      FakeSes.REJECTED.remove(email);
    }
    Map<String, Object> row = Sql.row("SELECT * FROM invites WHERE email = ?", email);
    assertEquals("revoked", row.get("status"));
    assertEquals("mail_failed", row.get("revoke_reason"));
    assertEquals(0, FakeSes.to(email).size());
    // Retrying once SES takes the mail works.
    invite(email);
    linkFor(email);
  }

  @Test
  void throttlingIsRetriedBySdk() {
    String email = address();
    FakeSes.throttleNext.set(2);
    invite(email);
    assertEquals(1, FakeSes.to(email).size());
  }

  @Test
  void badLinksAre400s() {
    for (String query :
        List.of(
            "x=1",
            "invite=" + UUID.randomUUID(),
            "token=abc",
            "invite=not-a-uuid&token=abc",
            "invite=" + UUID.randomUUID() + "&token=%00",
            "invite=" + UUID.randomUUID() + "&token=" + "t".repeat(200),
            "invite=%27%3B--&token=x")) {
      given()
          .urlEncodingEnabled(false)
          .get("/v1/verify?" + query)
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"email\":\"ad\\u0430@example.com\"}")
        .post("/v1/invites")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(tokens.bearer("mallory", "signet:users:admin"))
        .contentType("application/json")
        .body("{\"email\":\"" + address() + "\",\"roles\":[\"admin\"]}")
        .post("/v1/invites")
        .then()
        .statusCode(403);
  }
}
