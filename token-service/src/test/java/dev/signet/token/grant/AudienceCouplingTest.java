package dev.signet.token.grant;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A token minted for a third party never carries the reserved signet: scopes, and Signet's own
 * audiences come with them (issue 13, item 6).
 */
@QuarkusTest
class AudienceCouplingTest {

  private static final List<String> SIGNET =
      List.of(
          "urn:signet:token",
          "urn:signet:keyring",
          "urn:signet:delegation",
          "urn:signet:cert",
          "urn:signet:admin");

  @Inject TestTokens tokens;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  private static JwtClaims claims(String jwt) throws Exception {
    return new JwtConsumerBuilder()
        .setSkipAllValidators()
        .setDisableRequireSignature()
        .setSkipSignatureVerification()
        .build()
        .processToClaims(jwt);
  }

  @Test
  void tokenForAThirdPartyAudienceWithoutExplicitScopeCarriesNoSignetScope() throws Exception {
    var account =
        Fixtures.account()
            .scopes("deploy:run", "signet:admin")
            .audiences("https://deploy.example.com")
            .create();
    String jwt =
        account
            .token("audience", "https://deploy.example.com")
            .then()
            .statusCode(200)
            .body("scope", equalTo("deploy:run"))
            .extract()
            .path("access_token");
    JwtClaims claims = claims(jwt);
    assertEquals(List.of("https://deploy.example.com"), claims.getAudience());
    assertFalse(claims.getClaimValueAsString("scope").contains("signet:"));
  }

  @Test
  void askingForASignetScopeForAThirdPartyAudienceIsInvalidScope() {
    var account =
        Fixtures.account()
            .scopes("deploy:run", "signet:admin")
            .audiences("https://deploy.example.com")
            .create();
    account
        .token("audience", "https://deploy.example.com", "scope", "signet:admin")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
  }

  @Test
  void adminsPlainTokenNamesEverySignetAudience() throws Exception {
    var account = Fixtures.account().scopes("signet:admin").create();
    String jwt =
        account
            .token()
            .then()
            .statusCode(200)
            .body("scope", equalTo("signet:admin"))
            .extract()
            .path("access_token");
    assertEquals(SIGNET, claims(jwt).getAudience());
  }

  @Test
  void signetAudienceIsImplicitForSignetScopeHoldersOnly() throws Exception {
    var admin = Fixtures.account().scopes("signet:admin").create();
    String jwt =
        admin
            .token("audience", "urn:signet:keyring")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    assertEquals(List.of("urn:signet:keyring"), claims(jwt).getAudience());
    Fixtures.account()
        .scopes("orders:read")
        .create()
        .token("audience", "urn:signet:keyring")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_target"));
  }

  @Test
  void accountWithoutSignetScopesStillGetsTheIssuerByDefault() throws Exception {
    String jwt =
        Fixtures.account().create().token().then().statusCode(200).extract().path("access_token");
    assertEquals(List.of("http://127.0.0.1:8081"), claims(jwt).getAudience());
  }
}
