package dev.signet.token.user;

import static io.restassured.RestAssured.given;

import dev.signet.common.db.DatabaseChannels;
import dev.signet.token.Fixtures;
import io.restassured.response.Response;
import java.util.UUID;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;

/**
 * People and their keys as admin-api stores them (users, devices, user_keys written straight into
 * the shared tables), and key-login assertions signed the way the CLI signs them.
 */
public final class People {

  public static final String ISSUER = "http://127.0.0.1:8081";

  private People() {}

  /** An active person with the given roles; returns their id. */
  public static UUID person(String... roles) {
    UUID id = UUID.randomUUID();
    Fixtures.update(
        "INSERT INTO users (id, email, status, roles, email_verified_at)"
            + " VALUES (?, ?, 'active', ?::text[], now())",
        id,
        id + "@people.example",
        "{" + String.join(",", roles) + "}");
    return id;
  }

  /** A key of a person, enrolled on a new device as admin-api's key registration does. */
  public record Key(UUID userId, String kid, PublicJsonWebKey jwk, String alg) {

    /** A key-login assertion for the token endpoint, valid for {@code lifetimeSeconds}. */
    public String assertion(String audience, String jti, long lifetimeSeconds) throws Exception {
      return assertion(userId.toString(), audience, jti, lifetimeSeconds, alg);
    }

    public String assertion(
        String subject, String audience, String jti, long lifetimeSeconds, String signAlg)
        throws Exception {
      JwtClaims claims = new JwtClaims();
      claims.setIssuer(subject);
      claims.setSubject(subject);
      claims.setAudience(audience);
      claims.setJwtId(jti);
      claims.setIssuedAtToNow();
      claims.setExpirationTime(
          NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + lifetimeSeconds));
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setKey(jwk.getPrivateKey());
      jws.setKeyIdHeaderValue(kid);
      jws.setAlgorithmHeaderValue(signAlg);
      return jws.getCompactSerialization();
    }

    /** A fresh assertion for our issuer. */
    public String assertion() throws Exception {
      return assertion(ISSUER, UUID.randomUUID().toString(), 120);
    }

    /** Key login as the CLI does it (the public client is implied). */
    public Response login(String... pairs) throws Exception {
      return loginWith(assertion(), pairs);
    }

    public static Response loginWith(String assertion, String... pairs) {
      var spec =
          given()
              .formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
              .formParam("assertion", assertion);
      for (int i = 0; i + 1 < pairs.length; i += 2) {
        spec = spec.formParam(pairs[i], pairs[i + 1]);
      }
      return spec.when().post("/oauth2/token");
    }
  }

  public static Key ed25519(UUID userId) throws Exception {
    return enroll(
        userId, OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519), "EdDSA");
  }

  public static Key p256(UUID userId) throws Exception {
    return enroll(userId, EcJwkGenerator.generateJwk(EllipticCurves.P256), "ES256");
  }

  private static Key enroll(UUID userId, PublicJsonWebKey jwk, String alg) throws Exception {
    String kid = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
    UUID device = UUID.randomUUID();
    Fixtures.update(
        "INSERT INTO devices (id, user_id, name, platform) VALUES (?, ?, 'laptop', 'linux')",
        device,
        userId);
    jwk.setKeyId(kid);
    jwk.setAlgorithm(alg);
    Fixtures.update(
        "INSERT INTO user_keys (kid, user_id, device_id, alg, public_jwk)"
            + " VALUES (?, ?, ?, ?, ?::jsonb)",
        kid,
        userId,
        device,
        alg,
        jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    return new Key(userId, kid, jwk, alg);
  }

  /** What admin-api does on a change that must end what a person holds: bump, then notify. */
  public static void bumpUserVer(UUID userId) {
    Fixtures.update("UPDATE users SET user_ver = user_ver + 1 WHERE id = ?", userId);
    Fixtures.notify(DatabaseChannels.USERS_CHANGED, userId.toString());
  }

  public static void disable(UUID userId) {
    Fixtures.update(
        "UPDATE users SET status = 'disabled', user_ver = user_ver + 1 WHERE id = ?", userId);
    Fixtures.notify(DatabaseChannels.USERS_CHANGED, userId.toString());
  }

  /** admin-api's key revocation: revoked_at, then (since this change) a notification. */
  public static void revoke(Key key) {
    Fixtures.update("UPDATE user_keys SET revoked_at = now() WHERE kid = ?", key.kid());
    Fixtures.notify(DatabaseChannels.USERS_CHANGED, key.userId().toString());
  }
}
