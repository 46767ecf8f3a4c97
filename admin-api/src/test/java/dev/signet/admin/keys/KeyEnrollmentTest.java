package dev.signet.admin.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.admin.FakeSes;
import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key enrollment with proof of possession (issue 17, item 3): invite -> mail -> verify -> KET ->
 * bootstrap nonce -> register a key signed over the nonce. Ed25519, EC P-256 and RSA 2048 enroll; a
 * wrong signature, another nonce, a weak key, a private JWK, a reused or unknown KET are refused
 * and change nothing.
 */
@QuarkusTest
class KeyEnrollmentTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LINK = Pattern.compile("http://\\S+/v1/verify\\?(invite=\\S+)");

  @Inject TestTokens tokens;

  @BeforeEach
  void reachable() {
    AuditDeliveryProxy.reachable();
  }

  private String admin() {
    return tokens.bearer("carol", "signet:admin");
  }

  /** Invites a fresh person, redeems the mailed link and returns (user id, KET). */
  private String[] redeemedInvite() {
    String email = "key-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"email\":\"" + email + "\"}")
        .post("/v1/invites")
        .then()
        .statusCode(201);
    List<FakeSes.Mail> mails = FakeSes.to(email);
    Matcher m = LINK.matcher(mails.get(mails.size() - 1).text());
    m.find();
    JsonPath r =
        given()
            .urlEncodingEnabled(false)
            .get("/v1/verify?" + m.group(1))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    return new String[] {r.getString("user_id"), r.getString("key_enrollment_token")};
  }

  private static String nonce(String ket) {
    return given()
        .contentType("application/json")
        .body("{\"key_enrollment_token\":\"" + ket + "\"}")
        .post("/v1/keys/bootstrap")
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("expires_at", notNullValue())
        .extract()
        .path("nonce");
  }

  private static KeyPair pair(String kind) throws Exception {
    return switch (kind) {
      case "Ed25519" -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      case "P-256", "P-384" -> {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(kind.equals("P-256") ? "secp256r1" : "secp384r1"));
        yield g.generateKeyPair();
      }
      default -> {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(Integer.parseInt(kind.substring(4)));
        yield g.generateKeyPair();
      }
    };
  }

  private static String alg(KeyPair p) {
    return switch (p.getPublic().getAlgorithm()) {
      case "EdDSA", "Ed25519" -> "EdDSA";
      case "EC" -> "ES256";
      default -> "RS256";
    };
  }

  private static String proof(KeyPair signer, String alg, String nonce) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmHeaderValue(alg);
    jws.setPayload("{\"nonce\":\"" + nonce + "\"}");
    jws.setKey(signer.getPrivate());
    jws.setDoKeyValidation(false);
    return jws.getCompactSerialization();
  }

  private static Map<String, Object> publicJwk(KeyPair p) throws Exception {
    return PublicJsonWebKey.Factory.newPublicJwk(p.getPublic())
        .toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  private static io.restassured.response.ValidatableResponse register(
      String ket, Map<String, Object> jwk, String proof) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("key_enrollment_token", ket);
    body.put("public_key", jwk);
    body.put("proof", proof);
    body.put(
        "device", Map.of("name", "ada-laptop", "platform", "linux", "fingerprint", "sha256:x"));
    return given()
        .contentType("application/json")
        .body(JSON.writeValueAsString(body))
        .post("/v1/keys/register")
        .then();
  }

  @Test
  void eachKeyTypeEnrollsOnceWithItsProof() throws Exception {
    for (String kind : List.of("Ed25519", "P-256", "RSA-2048")) {
      String[] invite = redeemedInvite();
      KeyPair p = pair(kind);
      String nonce = nonce(invite[1]);
      String kid =
          register(invite[1], publicJwk(p), proof(p, alg(p), nonce))
              .statusCode(201)
              .body("alg", equalTo(alg(p)))
              .body("user_id", equalTo(invite[0]))
              .extract()
              .path("kid");
      Map<String, Object> row = Sql.row("SELECT * FROM user_keys WHERE kid = ?", kid);
      assertEquals(alg(p), row.get("alg"));
      assertEquals(false, row.get("public_jwk").toString().contains("\"d\""));
      // The KET is used up: neither a new nonce nor a second key.
      given()
          .contentType("application/json")
          .body("{\"key_enrollment_token\":\"" + invite[1] + "\"}")
          .post("/v1/keys/bootstrap")
          .then()
          .statusCode(401)
          .contentType("application/problem+json");
      KeyPair other = pair(kind);
      register(invite[1], publicJwk(other), proof(other, alg(other), nonce)).statusCode(401);
      given()
          .auth()
          .oauth2(admin())
          .get("/v1/users/" + invite[0] + "/keys")
          .then()
          .statusCode(200)
          .body("kid", equalTo(List.of(kid)));
      assertEquals(
          1,
          Sql.count(
              "SELECT count(*) FROM outbox WHERE event_type = 'admin.user_key.added'"
                  + " AND payload->>'target' = ?",
              kid));
    }
  }

  @Test
  void badProofsAndKeysAreRefusedAndChangeNothing() throws Exception {
    String[] invite = redeemedInvite();
    String nonce = nonce(invite[1]);
    KeyPair key = pair("Ed25519");
    KeyPair stranger = pair("Ed25519");
    Map<String, Object> jwk = publicJwk(key);
    // Signed by another key, over another nonce, with another algorithm, or not a JWS at all.
    register(invite[1], jwk, proof(stranger, "EdDSA", nonce)).statusCode(400);
    register(invite[1], jwk, proof(key, "EdDSA", "another-nonce")).statusCode(400);
    register(invite[1], jwk, "not.a.jws").statusCode(400);
    String none =
        "eyJhbGciOiJub25lIn0."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"nonce\":\"" + nonce + "\"}").getBytes())
            + ".";
    register(invite[1], jwk, none).statusCode(400);
    // Weak or unsupported keys, and a JWK that carries its private part.
    KeyPair rsa1024 = pair("RSA-1024");
    register(invite[1], publicJwk(rsa1024), proof(rsa1024, "RS256", nonce))
        .statusCode(400)
        .body("errors[0].field", equalTo("public_key"));
    KeyPair p384 = pair("P-384");
    register(invite[1], publicJwk(p384), proof(p384, "ES384", nonce)).statusCode(400);
    Map<String, Object> withPrivate =
        PublicJsonWebKey.Factory.newPublicJwk(key.getPublic())
            .toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    withPrivate.put("d", "AAAA");
    register(invite[1], withPrivate, proof(key, "EdDSA", nonce))
        .statusCode(400)
        .body("errors[0].field", equalTo("public_key"));
    assertEquals(0, Sql.count("SELECT count(*) FROM user_keys WHERE user_id = ?::uuid", invite[0]));
    // The KET survived every refusal: the right proof still enrolls.
    register(invite[1], jwk, proof(key, "EdDSA", nonce)).statusCode(201);
    // The same public key can't be enrolled twice (by another person either).
    String[] second = redeemedInvite();
    String secondNonce = nonce(second[1]);
    register(second[1], jwk, proof(key, "EdDSA", secondNonce)).statusCode(409);
  }

  @Test
  void registerNeedsALiveBootstrapAndAKnownToken() throws Exception {
    String[] invite = redeemedInvite();
    KeyPair key = pair("Ed25519");
    register(invite[1], publicJwk(key), proof(key, "EdDSA", "x")).statusCode(409);
    register("unknown-" + UUID.randomUUID(), publicJwk(key), proof(key, "EdDSA", "x"))
        .statusCode(401);
    String nonce = nonce(invite[1]);
    Sql.update(
        "UPDATE key_enrollment_tokens SET expires_at = now() - interval '1 second'"
            + " WHERE user_id = ?::uuid",
        invite[0]);
    register(invite[1], publicJwk(key), proof(key, "EdDSA", nonce)).statusCode(401);
    for (String body :
        List.of(
            "{}",
            "{\"key_enrollment_token\":\"\"}",
            "{\"key_enrollment_token\":\"" + "k".repeat(500) + "\"}",
            "{\"key_enrollment_token\":\"a\\u0000b\"}")) {
      given()
          .contentType("application/json")
          .body(body)
          .post("/v1/keys/bootstrap")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
  }

  @Test
  void adminsRevokeKeysAndDevices() throws Exception {
    String[] invite = redeemedInvite();
    KeyPair key = pair("P-256");
    String kid =
        register(invite[1], publicJwk(key), proof(key, "ES256", nonce(invite[1])))
            .statusCode(201)
            .extract()
            .path("kid");
    String deviceId =
        given()
            .auth()
            .oauth2(admin())
            .get("/v1/users/" + invite[0] + "/devices")
            .then()
            .statusCode(200)
            .body("name", equalTo(List.of("ada-laptop")))
            .extract()
            .path("[0].id");
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/users/" + invite[0] + "/devices/" + deviceId + "/revoke")
        .then()
        .statusCode(200)
        .body("revoked_at", notNullValue());
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/users/" + invite[0] + "/keys")
        .then()
        .body("[0].revoked_at", notNullValue());
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/users/" + invite[0] + "/keys/" + kid + "/revoke")
        .then()
        .statusCode(409);
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/users/" + invite[0] + "/keys/not-a-kid/revoke")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/users/" + UUID.randomUUID() + "/keys/" + kid + "/revoke")
        .then()
        .statusCode(404);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    for (String event : new String[] {"enrolled", "device_revoked"}) {
      org.junit.jupiter.api.Assertions.assertTrue(
          metrics.contains("signet_user_keys_total{event=\"" + event + "\""), event);
    }
  }
}
