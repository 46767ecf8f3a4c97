package dev.signet.deploy.suite;

import static io.restassured.RestAssured.given;

import dev.signet.deploy.suite.SuiteProcesses.Client;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** token-service's OAuth endpoints as a client calls them, authenticating with HTTP Basic. */
final class TokenServiceClient {

  private final String baseUrl;

  TokenServiceClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  Response clientCredentials(Client client, String scope) {
    return as(client)
        .formParam("grant_type", "client_credentials")
        .formParam("scope", scope)
        .post("/oauth2/token");
  }

  Response refresh(Client client, String refreshToken) {
    return as(client)
        .formParam("grant_type", "refresh_token")
        .formParam("refresh_token", refreshToken)
        .post("/oauth2/token");
  }

  Response introspect(Client client, String token) {
    return as(client).formParam("token", token).post("/oauth2/introspect");
  }

  /** RFC 7009 revocation of {@code token} by the client it was issued to. */
  Response revoke(Client client, String token) {
    return as(client).formParam("token", token).post("/oauth2/revoke");
  }

  /**
   * The first successful client_credentials answer. Startup is the one wait: keyring activates the
   * first signing key on its own (a new account is never cached as unknown, a change arrives by
   * NOTIFY).
   */
  JsonPath awaitToken(Client client, String scope) {
    return Eventually.await(
            "client_credentials succeeds for " + client.clientId(),
            Eventually.DEFAULT,
            () -> clientCredentials(client, scope),
            r -> r.statusCode() == 200,
            Answers::summary)
        .jsonPath();
  }

  /** Asks until the token endpoint refuses the client with {@code status}, then that answer. */
  Response awaitRefusal(Client client, String scope, int status, String what) {
    return Eventually.await(
        what,
        Eventually.DEFAULT,
        () -> clientCredentials(client, scope),
        r -> r.statusCode() == status,
        Answers::summary);
  }

  private RequestSpecification as(Client client) {
    return given()
        .baseUri(baseUrl)
        .auth()
        .preemptive()
        .basic(client.clientId(), client.secret())
        .contentType("application/x-www-form-urlencoded");
  }
}
