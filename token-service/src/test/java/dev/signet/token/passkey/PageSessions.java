package dev.signet.token.passkey;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.token.Fixtures;
import io.restassured.response.Response;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's page session over plain HTTP, opened the real way (invite link -> Continue), with its
 * cookie and the CSRF token its forms carry; and passkey rows for the account page's tests.
 */
record PageSessions(AdminVerifyStub.Invite invite, String cookie, String csrf) {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  UUID userId() {
    return invite.userId();
  }

  static PageSessions open() {
    AdminVerifyStub.Invite invite = AdminVerifyStub.invite();
    Response page =
        given()
            .contentType("application/x-www-form-urlencoded")
            .formParam("invite", invite.id().toString())
            .formParam("token", invite.token())
            .post("/welcome");
    assertEquals(200, page.statusCode(), page.body().asString());
    String header = page.header("Set-Cookie");
    String cookie = header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    Matcher m = CSRF.matcher(page.body().asString());
    m.find();
    return new PageSessions(invite, cookie, m.group(1));
  }

  /** A stored passkey of the person (key bytes that no ceremony will ever use). */
  static UUID passkey(UUID userId, String name) {
    UUID id = UUID.randomUUID();
    Fixtures.update(
        "INSERT INTO webauthn_credentials (id, user_id, credential_id, public_key, public_key_alg,"
            + " aaguid, name, created_at) VALUES (?, ?, ?, ?, -7, ?, ?, now())",
        id,
        userId,
        "cred-" + id,
        new byte[] {1, 2, 3},
        new UUID(0, 0),
        name);
    return id;
  }

  static int passkeys(UUID userId) {
    return Integer.parseInt(
        Fixtures.column("SELECT count(*)::text FROM webauthn_credentials WHERE user_id = ?", userId)
            .get(0));
  }

  boolean live() {
    return !Fixtures.column(
            "SELECT id::text FROM sessions WHERE user_id = ? AND ended_at IS NULL", userId())
        .isEmpty();
  }
}
