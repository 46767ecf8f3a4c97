package dev.signet.deploy.attack;

import static dev.signet.deploy.attack.Signet.expectProblem;
import static dev.signet.deploy.attack.Signet.expectStatus;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.deploy.attack.Http.Answer;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 13 item 1: the {@code signet:} scopes are reserved (only a signet:admin caller grants them,
 * signet:internal never through the API), no caller grants a scope it does not hold, and the
 * configured accounts are read-only through the API. Every refusal is read back as changing
 * nothing. The attacks on the bootstrap account run last, deletion at the very end: on code that
 * lets them through, they would otherwise change what the ones after them see.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivilegeAttacksIT extends AttackCases {

  /** Holds signet:accounts:admin and orders:read, nothing else. */
  private static Client accountsAdmin;

  @BeforeAll
  static void accountsAdmin() {
    accountsAdmin =
        signet.createAccount("atk-accounts-admin", List.of("signet:accounts:admin", Signet.SCOPE));
  }

  private static String accountsAdminToken() {
    return signet.accessToken(accountsAdmin, "signet:accounts:admin " + Signet.SCOPE);
  }

  private static void expectCreateRefused(String token, List<String> scopes, String what) {
    Map<String, Object> body = Signet.account("atk-escalated", scopes);
    Answer answer = signet.createAccount(token, body);
    assertAll(
        () -> expectProblem(answer, what, 403),
        () -> signet.expectNoAccount((String) body.get("client_id"), what));
  }

  @Test
  @Order(1)
  void accountsAdminCreatesSignetAdminAccount() {
    expectCreateRefused(
        accountsAdminToken(),
        List.of("signet:admin"),
        "signet:accounts:admin creates an account with signet:admin");
  }

  @Test
  @Order(2)
  void accountsAdminCreatesSignetInternalAccount() {
    expectCreateRefused(
        accountsAdminToken(),
        List.of("signet:internal"),
        "signet:accounts:admin creates an account with signet:internal");
  }

  @Test
  @Order(3)
  void accountsAdminGrantsScopeItDoesNotHold() {
    expectCreateRefused(
        accountsAdminToken(),
        List.of("orders:write"),
        "signet:accounts:admin (holding orders:read) creates an account with orders:write");
  }

  @Test
  @Order(4)
  void accountsAdminAddsSignetAdminByUpdate() {
    Client target = signet.createAccount("atk-patch-target", List.of(Signet.SCOPE));
    Answer answer =
        Http.patch(suite.adminUrl() + "/v1/service-accounts/" + target.clientId())
            .bearer(accountsAdminToken())
            .json(Map.of("scopes", List.of(Signet.SCOPE, "signet:admin")))
            .send();
    assertAll(
        () -> expectProblem(answer, "signet:accounts:admin adds signet:admin to an account", 403),
        () ->
            assertEquals(
                List.of(Signet.SCOPE),
                Http.JSON.convertValue(
                    signet.account(target.clientId()).json().path("scopes"), List.class),
                "the account's scopes after the refused update"));
  }

  @Test
  @Order(5)
  void bootstrapAdminGrantsSignetInternal() {
    String bootstrapToken = signet.accessToken(suite.bootstrap(), "signet:admin");
    Map<String, Object> body = Signet.account("atk-internal", List.of("signet:internal"));
    Answer answer = signet.createAccount(bootstrapToken, body);
    assertAll(
        () ->
            expectProblem(
                answer, "the bootstrap admin creates an account with signet:internal", 403, 400),
        () ->
            signet.expectNoAccount(
                (String) body.get("client_id"), "signet:internal by the bootstrap admin"));
  }

  @Test
  @Order(6)
  void accountsAdminTokenOfCreatedAdminOpensKeyring() {
    Map<String, Object> body = Signet.account("atk-created-admin", List.of("signet:admin"));
    Answer created = signet.createAccount(accountsAdminToken(), body);
    if (created.status() != 201) {
      return; // refused at creation: the escalation is closed before any token exists
    }
    Client escalated = new Client(created.text("client_id"), created.text("client_secret"));
    String token = signet.accessToken(escalated, "signet:admin");
    Answer keys = Http.get(suite.keyringUrl() + "/v1/keys").bearer(token).send();
    expectStatus(
        keys,
        "the token of an account signet:accounts:admin created with signet:admin opens keyring's"
            + " /v1/keys (the account itself was created: "
            + created
            + ")",
        401,
        403);
  }

  // ------------------------------------------------- the configured (bootstrap) account

  private static String bootstrapPath(String suffix) {
    return suite.adminUrl() + "/v1/service-accounts/" + suite.bootstrap().clientId() + suffix;
  }

  /** What a change to the bootstrap account would show: status, team, scopes, rotation. */
  private static List<String> bootstrapState() {
    Answer account = signet.account(suite.bootstrap().clientId());
    expectStatus(account, "the bootstrap account exists", 200);
    return java.util.Arrays.asList(
        account.text("status"),
        account.text("team"),
        account.json().path("scopes").toString(),
        account.text("previous_secret_expires_at"));
  }

  /** The bootstrap account reads back as before and its secret still gets a token. */
  private static void expectBootstrapUnchanged(List<String> before, String what) {
    Answer account = signet.account(suite.bootstrap().clientId());
    expectStatus(account, what + ": the bootstrap account still exists", 200);
    assertEquals(before, bootstrapState(), what + ": status, team, scopes, secret rotation");
    expectStatus(
        signet.clientCredentials(suite.bootstrap(), "signet:admin"),
        what + ": the bootstrap secret still gets a token",
        200);
  }

  @Test
  @Order(10)
  void accountsAdminRotatesBootstrapSecret() {
    List<String> before = bootstrapState();
    Answer answer = Http.post(bootstrapPath("/rotate-secret")).bearer(accountsAdminToken()).send();
    String what = "signet:accounts:admin rotates the bootstrap admin's secret";
    assertAll(
        () -> expectProblem(answer, what, 403, 409), () -> expectBootstrapUnchanged(before, what));
  }

  @Test
  @Order(11)
  void adminRotatesBootstrapSecret() {
    List<String> before = bootstrapState();
    Answer answer = Http.post(bootstrapPath("/rotate-secret")).bearer(signet.adminToken()).send();
    String what = "a signet:admin account rotates the configured bootstrap account's secret";
    assertAll(
        () -> expectProblem(answer, what, 403, 409), () -> expectBootstrapUnchanged(before, what));
  }

  @Test
  @Order(12)
  void accountsAdminUpdatesBootstrapAccount() {
    List<String> before = bootstrapState();
    Answer answer =
        Http.patch(bootstrapPath(""))
            .bearer(accountsAdminToken())
            .json(Map.of("team", "attackers"))
            .send();
    String what = "signet:accounts:admin updates the bootstrap account";
    assertAll(
        () -> expectProblem(answer, what, 403, 409), () -> expectBootstrapUnchanged(before, what));
  }

  @Test
  @Order(13)
  void accountsAdminDisablesBootstrapAccount() {
    List<String> before = bootstrapState();
    Answer answer = Http.post(bootstrapPath("/disable")).bearer(accountsAdminToken()).send();
    String what = "signet:accounts:admin disables the bootstrap account";
    if (answer.status() == 200) {
      // Put it back (with the suite's own admin) so the attacks after this one see the usual state.
      Http.post(bootstrapPath("/enable")).bearer(signet.adminToken()).send();
    }
    assertAll(
        () -> expectProblem(answer, what, 403, 409), () -> expectBootstrapUnchanged(before, what));
  }

  @Test
  @Order(20)
  void accountsAdminDeletesBootstrapAccount() {
    List<String> before = bootstrapState();
    Answer answer = Http.delete(bootstrapPath("")).bearer(accountsAdminToken()).send();
    String what = "signet:accounts:admin deletes the bootstrap account";
    assertAll(
        () -> expectProblem(answer, what, 403, 409), () -> expectBootstrapUnchanged(before, what));
  }
}
