package dev.signet.deploy.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.client.ClientAuthentication;
import dev.signet.client.OAuthErrorException;
import dev.signet.client.ProblemException;
import dev.signet.client.RefreshingTokenSource;
import dev.signet.client.SignetClient;
import dev.signet.client.TokenSource;
import dev.signet.client.Tokens;
import dev.signet.client.TransportException;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import io.restassured.response.Response;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client library ({@code client/}) against the real suite: discovery, the service-account token
 * source under load, refresh rotation, private_key_jwt, and the typed errors a caller branches on.
 */
@ExtendWith(SharedSuite.Started.class)
class SuiteClientLibraryIT {

  private static final String SCOPE = "orders:read";

  private static SharedSuite suite;
  private static SignetClient signet;

  @BeforeAll
  static void suite() {
    suite = SharedSuite.get();
    signet = SignetClient.connect(suite.processes.issuer());
  }

  private static Client account(String name, boolean refresh) {
    Client account = suite.admin.createServiceAccount(name, List.of(SCOPE), refresh);
    suite.oauth.awaitToken(account, SCOPE);
    return account;
  }

  @Test
  void discoveryNamesTheEndpointsAndAnotherIssuersDocumentIsRefused() {
    assertEquals(suite.processes.issuer(), signet.discovery().issuer());
    assertNotNull(signet.discovery().tokenEndpoint());
    assertTrue(signet.discovery().supports("client_credentials"));
    TransportException notAnIssuer =
        assertThrows(
            TransportException.class, () -> SignetClient.connect(suite.processes.adminUrl()));
    assertTrue(notAnIssuer.getMessage().contains("not a Signet issuer"), notAnIssuer.getMessage());
    TransportException unreachable =
        assertThrows(TransportException.class, () -> SignetClient.connect("http://127.0.0.1:9"));
    assertEquals(0, unreachable.status());
  }

  @Test
  void hundredConcurrentCallersShareOneServiceAccountToken() throws Exception {
    Client account = account("e2e-lib-single-flight", false);
    TokenSource source =
        signet.serviceAccount(
            ClientAuthentication.secret(account.clientId(), account.secret()), SCOPE, null);
    ExecutorService pool = Executors.newFixedThreadPool(100);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return source.token();
                }));
      }
      start.countDown();
      Set<String> tokens = new HashSet<>();
      for (Future<String> answer : answers) {
        tokens.add(answer.get(30, TimeUnit.SECONDS));
      }
      // Every grant mints a new jti: one distinct token means one request reached the server.
      assertEquals(1, tokens.size(), "100 callers, one token");
      String token = tokens.iterator().next();
      assertEquals(account.clientId(), Jwt.claims(token).getString("client_id"));
      assertEquals(token, source.token(), "cached while it is valid");
      source.invalidate(token);
      assertNotEquals(token, source.token(), "a refused token is replaced");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refreshRotatesAndTheSpentRefreshTokenIsDead() {
    Client account = account("e2e-lib-refresh", true);
    ClientAuthentication auth = ClientAuthentication.secret(account.clientId(), account.secret());
    Tokens first = signet.clientCredentials(auth, SCOPE, null);
    assertNotNull(first.refreshToken());
    AtomicReference<Tokens> stored = new AtomicReference<>(first);
    RefreshingTokenSource source = signet.refreshing(auth, first, stored::set);
    assertEquals(first.accessToken(), source.token());
    source.invalidate(first.accessToken());
    String second = source.token();
    assertNotEquals(first.accessToken(), second);
    assertNotEquals(first.refreshToken(), stored.get().refreshToken(), "rotated and stored");
    OAuthErrorException reuse =
        assertThrows(
            OAuthErrorException.class, () -> signet.refresh(auth, first.refreshToken(), null));
    assertEquals("invalid_grant", reuse.error());
  }

  @Test
  void privateKeyJwtClientsSignAFreshAssertionEachTime() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = ec.generateKeyPair();
    PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
    jwk.setKeyId("lib-key-1");
    jwk.setAlgorithm("ES256");
    jwk.setUse("sig");
    Response created =
        io.restassured.RestAssured.given()
            .baseUri(suite.processes.adminUrl())
            .auth()
            .oauth2(suite.adminToken())
            .contentType("application/json")
            .body(
                Map.of(
                    "name",
                    "e2e-lib-pkjwt",
                    "scopes",
                    List.of(SCOPE),
                    "token_endpoint_auth_method",
                    "private_key_jwt",
                    "jwks",
                    Map.of(
                        "keys", List.of(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)))))
            .post("/v1/service-accounts");
    String clientId =
        Answers.expect(created, 201, "create a private_key_jwt account")
            .jsonPath()
            .getString("client_id");
    ClientAuthentication auth =
        ClientAuthentication.privateKeyJwt(clientId, pair.getPrivate(), "lib-key-1", "ES256");
    Tokens tokens =
        Eventually.await(
            "a private_key_jwt grant for " + clientId,
            Eventually.DEFAULT,
            () -> {
              try {
                return signet.clientCredentials(auth, SCOPE, null);
              } catch (OAuthErrorException e) {
                return null;
              }
            },
            t -> t != null);
    assertEquals(clientId, Jwt.claims(tokens.accessToken()).getString("client_id"));
    // A second grant right away: a replayed assertion would be refused, a fresh one is not.
    assertNotNull(signet.clientCredentials(auth, SCOPE, null).accessToken());
  }

  @Test
  void aGitHubActionsJobExchangesItsOidcTokenWithoutASecret() throws Exception {
    Client principal = account("e2e-lib-ci-principal", false);
    try (ActionsOidcIssuer github = new ActionsOidcIssuer()) {
      String audience = "signet-e2e-lib-" + java.util.UUID.randomUUID();
      Response trust =
          io.restassured.RestAssured.given()
              .baseUri(suite.processes.tokenUrl())
              .auth()
              .oauth2(suite.adminToken())
              .contentType("application/json")
              .body(
                  Map.of(
                      "name",
                      "e2e-lib-actions",
                      "kind",
                      "github_actions",
                      "issuer",
                      github.issuer(),
                      "audience",
                      audience,
                      "enabled",
                      true,
                      "rules",
                      List.of(
                          Map.of(
                              "name",
                              "main",
                              "subject",
                              "repo:acme/api:**",
                              "claims",
                              Map.of(
                                  "repository_owner_id", List.of("1001"),
                                  "repository_id", List.of("2002"),
                                  "ref", List.of("refs/heads/main")),
                              "principal",
                              principal.clientId(),
                              "scopes",
                              List.of(SCOPE),
                              "max_ttl_seconds",
                              300))))
              .post("/v1/federation/trusts");
      Answers.expect(trust, 201, "create the Actions trust");

      // What `signet exchange github` does: ask the runner, then exchange with no credential.
      String jobToken =
          dev.signet.client.PlatformTokens.githubActions(
              signet.http(), github.jobEnvironment(), audience);
      Tokens exchanged =
          Eventually.await(
              "the trust reaches token-service",
              Eventually.DEFAULT,
              () -> {
                try {
                  return signet.exchange(
                      null,
                      SignetClient.Exchange.of(
                              github.jobToken(audience), SignetClient.JWT_TOKEN_TYPE)
                          .scope(SCOPE));
                } catch (OAuthErrorException | org.jose4j.lang.JoseException e) {
                  return null;
                }
              },
              t -> t != null);
      assertEquals("urn:ietf:params:oauth:token-type:access_token", exchanged.issuedTokenType());
      assertEquals(null, exchanged.refreshToken(), "a job token has no refresh");
      io.restassured.path.json.JsonPath claims = Jwt.claims(exchanged.accessToken());
      assertEquals(principal.clientId(), claims.getString("sub"));
      assertEquals("acme/api", claims.getString("prov.repository"));

      Tokens fromRunner =
          signet.exchange(
              null, SignetClient.Exchange.of(jobToken, SignetClient.JWT_TOKEN_TYPE).scope(SCOPE));
      assertNotNull(fromRunner.accessToken());
      OAuthErrorException replay =
          assertThrows(
              OAuthErrorException.class,
              () ->
                  signet.exchange(
                      null, SignetClient.Exchange.of(jobToken, SignetClient.JWT_TOKEN_TYPE)));
      assertEquals("invalid_grant", replay.error());
      assertTrue(replay.description().contains("already exchanged"), replay.description());
    }
  }

  @Test
  void errorsAreTypedWithTheServersCode() {
    Client account = account("e2e-lib-errors", false);
    OAuthErrorException badSecret =
        assertThrows(
            OAuthErrorException.class,
            () ->
                signet.clientCredentials(
                    ClientAuthentication.secret(account.clientId(), "wrong"), SCOPE, null));
    assertEquals("invalid_client", badSecret.error());
    assertEquals(401, badSecret.status());
    OAuthErrorException badScope =
        assertThrows(
            OAuthErrorException.class,
            () ->
                signet.clientCredentials(
                    ClientAuthentication.secret(account.clientId(), account.secret()),
                    "signet:admin",
                    null));
    assertEquals("invalid_scope", badScope.error());
    ProblemException notFound =
        assertThrows(
            ProblemException.class,
            () ->
                signet
                    .http()
                    .get(
                        URI.create(
                            suite.processes.adminUrl() + "/v1/service-accounts/no-such-account"),
                        suite.adminToken()));
    assertEquals(404, notFound.status());
    assertNotNull(notFound.title());
  }
}
