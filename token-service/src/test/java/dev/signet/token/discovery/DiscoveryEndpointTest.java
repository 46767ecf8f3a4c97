package dev.signet.token.discovery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.signet.common.testing.DatabaseTestTokens;
import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class DiscoveryEndpointTest {

  static final DatabaseTestTokens TOKENS = DatabaseTestTokens.fromTestProfile();

  private static String activeAlgorithm(String kid) {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement s = c.prepareStatement("SELECT alg FROM signing_keys WHERE kid = ?")) {
      s.setString(1, kid);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"})
  void metadataListsEveryEndpointGrantAndAuthMethod(String path) {
    given()
        .when()
        .get(path)
        .then()
        .statusCode(200)
        .body("issuer", equalTo("http://127.0.0.1:8081"))
        .body("token_endpoint", equalTo("http://127.0.0.1:8081/oauth2/token"))
        .body("introspection_endpoint", endsWith("/oauth2/introspect"))
        .body("revocation_endpoint", endsWith("/oauth2/revoke"))
        .body("jwks_uri", endsWith("/.well-known/jwks.json"))
        .body("grant_types_supported", hasItems("client_credentials", "refresh_token"))
        .body(
            "token_endpoint_auth_methods_supported",
            hasItems("client_secret_basic", "client_secret_post", "private_key_jwt"))
        .body("token_endpoint_auth_signing_alg_values_supported", hasItems("RS256", "ES256"))
        .body("signet_service_audiences.admin", equalTo("urn:signet:admin"))
        .body("signet_service_audiences.keyring", equalTo("urn:signet:keyring"))
        .body("signet_service_audiences.token", equalTo("urn:signet:token"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"})
  void metadataAdvertisesTheAuthorizationEndpointAndItAnswers(String path) {
    given()
        .when()
        .get(path)
        .then()
        .statusCode(200)
        .body("authorization_endpoint", equalTo("http://127.0.0.1:8081/oauth2/authorize"))
        .body("authorization_response_iss_parameter_supported", equalTo(true))
        .body("scopes_supported", hasItem("openid"))
        .body("claims_supported", hasItems("auth_time", "nonce", "azp"));
    // The advertised path is real: a request naming no client gets the HTML error page.
    String advertised =
        java.net.URI.create(given().get(path).path("authorization_endpoint")).getPath();
    given()
        .redirects()
        .follow(false)
        .when()
        .get(advertised)
        .then()
        .statusCode(400)
        .contentType(org.hamcrest.Matchers.startsWith("text/html"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"})
  void metadataAdvertisesNothingThatIsNotReal(String path) {
    // The algorithm of whichever key is active now: another class may have rotated to ES256, and
    // a class that runs first finds no key at all until one is made.
    String kid = TOKENS.ensureActiveKey();
    String alg = activeAlgorithm(kid);
    Eventually.until(
        Duration.ofSeconds(15),
        "discovery advertises the active key's " + alg,
        () ->
            List.of(alg)
                .equals(given().get(path).path("access_token_signing_alg_values_supported")));
    given()
        .when()
        .get(path)
        .then()
        .statusCode(200)
        // Only the code flow: no implicit or hybrid response type, no fragment mode.
        .body("response_types_supported", equalTo(List.of("code")))
        .body("response_modes_supported", equalTo(List.of("query")))
        .body("code_challenge_methods_supported", equalTo(List.of("S256")))
        // The one algorithm that signs, not every one the code knows; ID tokens use the same key.
        .body("access_token_signing_alg_values_supported", equalTo(List.of(alg)))
        .body("id_token_signing_alg_values_supported", equalTo(List.of(alg)))
        .body("scopes_supported", not(hasItem(startsWith("signet:"))));
  }

  @Test
  void bothDocumentsAreTheSame() {
    String oidc = given().get("/.well-known/openid-configuration").asString();
    String oauth = given().get("/.well-known/oauth-authorization-server").asString();
    org.junit.jupiter.api.Assertions.assertEquals(oidc, oauth);
  }
}
