package dev.signet.deploy.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.deploy.suite.SuiteProcesses.Client;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * admin-api's token administration ({@code /v1/tokens}) against the real token-service, which does
 * the work behind it: what an admin lists, revokes and looks up is what token-service then enforces
 * at its token, refresh and introspection endpoints. Each test uses its own accounts.
 */
@ExtendWith(SharedSuite.Started.class)
class SuiteTokenAdministrationIT {

  private static final String SCOPE = "orders:read";

  /** A revocation reaches introspection at once; the bound is for a slow shared machine. */
  private static final java.time.Duration WITHIN = java.time.Duration.ofSeconds(15);

  private static TokenServiceClient oauth;
  private static AdminApiClient admin;

  /** A plain account that introspects other accounts' tokens. */
  private static Client observer;

  @BeforeAll
  static void suite() {
    SharedSuite shared = SharedSuite.get();
    oauth = shared.oauth;
    admin = shared.admin;
    observer = admin.createServiceAccount("e2e-tokens-observer", List.of(SCOPE), false);
    oauth.awaitToken(observer, SCOPE);
  }

  /** One client_credentials grant of a refresh opt-in account: its access and refresh token. */
  private record Grant(String accessToken, String refreshToken) {
    String jti() {
      return Jwt.claims(accessToken).getString("jti");
    }
  }

  private static Grant grant(Client account) {
    JsonPath answer =
        Answers.expect(oauth.clientCredentials(account, SCOPE), 200, "client_credentials")
            .jsonPath();
    assertNotNull(answer.getString("refresh_token"), "a refresh opt-in account gets one");
    return new Grant(answer.getString("access_token"), answer.getString("refresh_token"));
  }

  private static Client refreshAccount(String name) {
    Client account = admin.createServiceAccount(name, List.of(SCOPE), true);
    oauth.awaitToken(account, SCOPE);
    return account;
  }

  /** The family token-service recorded for an access token, as admin-api's lookup shows it. */
  private static String familyOf(String accessToken) {
    JsonPath info =
        Answers.expect(admin.token(Jwt.claims(accessToken).getString("jti")), 200, "token lookup")
            .jsonPath();
    String family = info.getString("family_id");
    assertNotNull(family, "a token of a refresh grant belongs to a family: " + info.prettify());
    return family;
  }

  /** Every family of the client, first page to last, each page checked on the way. */
  private static List<Map<String, Object>> allFamilies(String clientId, String status) {
    List<Map<String, Object>> all = new ArrayList<>();
    String cursor = null;
    do {
      JsonPath page = admin.families(clientId, status, 200, cursor);
      all.addAll(page.getList("items"));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return all;
  }

  private static Map<String, Object> family(List<Map<String, Object>> families, String id) {
    return families.stream()
        .filter(f -> id.equals(f.get("family_id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("family " + id + " not listed in " + families));
  }

  private static boolean active(String token) {
    return Answers.expect(oauth.introspect(observer, token), 200, "introspect")
        .jsonPath()
        .getBoolean("active");
  }

  private static void awaitInactive(String token, String what) {
    Eventually.await(what, WITHIN, () -> active(token), active -> !active);
  }

  @Test
  void familiesOfAClientArePagedByNextCursorUntilTheLastPage() {
    Client account = refreshAccount("e2e-tokens-paging");
    // awaitToken made one family already; two more, each its own client_credentials grant.
    grant(account);
    grant(account);
    Set<String> issued =
        allFamilies(account.clientId(), null).stream()
            .map(f -> (String) f.get("family_id"))
            .collect(Collectors.toSet());
    assertEquals(3, issued.size(), "three grants, three families: " + issued);
    String newest = familyOf(grant(account).accessToken());
    assertFalse(issued.contains(newest), "a new grant starts a new family");

    JsonPath first = admin.families(account.clientId(), null, 2, null);
    List<String> firstIds = first.getList("items.family_id");
    assertEquals(2, firstIds.size(), "a full first page: " + first.prettify());
    assertEquals(newest, firstIds.get(0), "newest first");
    String cursor = first.getString("next_cursor");
    assertNotNull(cursor, "two of four families shown: there is a next page");

    JsonPath second = admin.families(account.clientId(), null, 2, cursor);
    List<String> secondIds = second.getList("items.family_id");
    assertEquals(2, secondIds.size(), "the second page: " + second.prettify());
    assertNull(second.getString("next_cursor"), "four families, two pages: no third");

    Set<String> seen = new HashSet<>(firstIds);
    for (String id : secondIds) {
      assertTrue(seen.add(id), "the second page repeats " + id);
    }
    Set<String> expected = new HashSet<>(issued);
    expected.add(newest);
    assertEquals(expected, seen, "the two pages hold every family of the client");
    for (Map<String, Object> f : allFamilies(account.clientId(), null)) {
      assertEquals(account.clientId(), f.get("client_id"));
      assertEquals("active", f.get("status"), "no family was revoked: " + f);
      assertEquals(SCOPE, f.get("scope"));
    }
  }

  @Test
  void revokedFamilysRefreshTokenIsRefusedAndTheListingSaysRevoked() {
    Client account = refreshAccount("e2e-tokens-family");
    Grant revoked = grant(account);
    Grant kept = grant(account);
    String revokedFamily = familyOf(revoked.accessToken());
    String keptFamily = familyOf(kept.accessToken());

    String reason = "e2e: laptop stolen";
    JsonPath answer =
        Answers.expect(
                admin.revokeFamily(revokedFamily, reason), 200, "revoke family through admin-api")
            .jsonPath();
    assertEquals(revokedFamily, answer.getString("family_id"));
    assertEquals(1, answer.getInt("revoked_tokens"), "the family's one active refresh token");

    Answers.expectOAuthError(
        oauth.refresh(account, revoked.refreshToken()),
        400,
        "invalid_grant",
        "refresh token of the revoked family");
    Answers.expect(
        oauth.refresh(account, kept.refreshToken()), 200, "refresh token of another family");

    List<Map<String, Object>> families = allFamilies(account.clientId(), null);
    Map<String, Object> listed = family(families, revokedFamily);
    assertEquals("revoked", listed.get("status"), "the listing after the revocation: " + listed);
    assertEquals(reason, listed.get("revoke_reason"));
    assertNotNull(listed.get("revoked_at"));
    assertEquals("active", family(families, keptFamily).get("status"));
    List<String> onlyRevoked =
        admin.families(account.clientId(), "revoked", 50, null).getList("items.family_id");
    assertEquals(List.of(revokedFamily), onlyRevoked, "status=revoked lists just that family");

    Answers.expect(
        admin.revokeFamily(UUID.randomUUID().toString(), reason), 404, "a family that never was");
  }

  @Test
  void revokeAllOfAClientEndsEveryTokenItWasIssued() {
    Client account = refreshAccount("e2e-tokens-all");
    Client bystander = refreshAccount("e2e-tokens-bystander");
    // awaitToken issued the first access token; three more, one of them by refresh.
    Grant one = grant(account);
    Grant two = grant(account);
    String refreshed =
        Answers.expect(oauth.refresh(account, one.refreshToken()), 200, "refresh")
            .jsonPath()
            .getString("access_token");
    Grant other = grant(bystander);
    List<String> accessTokens = List.of(one.accessToken(), two.accessToken(), refreshed);
    for (String token : accessTokens) {
      assertTrue(active(token), "active before the revocation");
    }
    int families = allFamilies(account.clientId(), "active").size();
    assertEquals(3, families, "awaitToken's family and the two grants'");

    JsonPath answer =
        Answers.expect(
                admin.revokeAllOfClient(account.clientId(), "e2e: secret leaked"),
                200,
                "revoke everything of the client")
            .jsonPath();
    assertEquals(account.clientId(), answer.getString("client_id"));
    assertEquals(families, answer.getInt("revoked_families"));
    // Each family's active refresh token, plus the one rotated by the refresh.
    assertEquals(families + 1, answer.getInt("revoked_refresh_tokens"));
    // Every access token of the client issued so far: awaitToken's, both grants', the refresh's.
    assertEquals(4, answer.getInt("denylisted_jtis"), answer.prettify());
    assertNotNull(answer.getString("revoked_before"));

    for (String token : accessTokens) {
      awaitInactive(token, "an access token of the client introspects inactive");
    }
    JsonPath looked =
        Answers.expect(admin.token(Jwt.claims(refreshed).getString("jti")), 200, "lookup")
            .jsonPath();
    assertEquals("revoked", looked.getString("status"), looked.prettify());
    Answers.expectOAuthError(
        oauth.refresh(account, two.refreshToken()), 400, "invalid_grant", "refresh after all");
    assertTrue(
        allFamilies(account.clientId(), null).stream()
            .allMatch(f -> "revoked".equals(f.get("status"))),
        "every family of the client is listed revoked");

    assertTrue(active(other.accessToken()), "another client's token is untouched");
    Answers.expect(
        oauth.refresh(bystander, other.refreshToken()), 200, "another client's refresh token");
  }

  @Test
  void lookupOfAJtiShowsWhatTokenServiceIssued() {
    Client account = admin.createServiceAccount("e2e-tokens-lookup", List.of(SCOPE), false);
    String token = oauth.awaitToken(account, SCOPE).getString("access_token");
    JsonPath claims = Jwt.claims(token);
    String jti = claims.getString("jti");

    JsonPath info = Answers.expect(admin.token(jti), 200, "lookup of an issued jti").jsonPath();
    assertEquals(jti, info.getString("jti"));
    assertEquals("access_token", info.getString("token_type"));
    assertEquals(account.clientId(), info.getString("client_id"));
    assertEquals(claims.getString("sub"), info.getString("subject"));
    assertEquals(SCOPE, info.getString("scope"));
    assertEquals("active", info.getString("status"), info.prettify());
    assertNull(info.getString("family_id"), "no refresh opt-in, no family");
    assertEquals(
        claims.getLong("iat"), Instant.parse(info.getString("issued_at")).getEpochSecond());
    assertEquals(
        claims.getLong("exp"), Instant.parse(info.getString("expires_at")).getEpochSecond());
    assertNull(info.getString("revoked_at"));

    Answers.expect(oauth.revoke(account, token), 200, "RFC 7009 revocation");
    JsonPath revoked = Answers.expect(admin.token(jti), 200, "lookup after revocation").jsonPath();
    assertEquals("revoked", revoked.getString("status"), revoked.prettify());
    assertNotNull(revoked.getString("revoked_at"));

    Response unknown = admin.token(UUID.randomUUID().toString());
    Answers.expect(unknown, 404, "lookup of a jti token-service never issued");
  }
}
