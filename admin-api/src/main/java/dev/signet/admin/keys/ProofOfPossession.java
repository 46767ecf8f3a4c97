package dev.signet.admin.keys;

import dev.signet.common.input.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * The proof that the person holds the private key: a compact JWS over {@code {"nonce": ...}},
 * signed with the key being enrolled, with the key type's one algorithm. The key comes from the
 * request's {@code public_key}, never from the JWS header ({@code jwk}, {@code jku} and {@code x5u}
 * are ignored and never fetched).
 */
final class ProofOfPossession {

  static final int MAX_LENGTH = 16 * 1024;

  private ProofOfPossession() {}

  static void verify(EnrollableKey key, String proof, String nonce) {
    if (proof == null || proof.isBlank()) {
      throw new InvalidInputException("proof", "is required (a JWS over {\"nonce\": ...})");
    }
    if (proof.length() > MAX_LENGTH) {
      throw new InvalidInputException("proof", "must be at most " + MAX_LENGTH + " characters");
    }
    String payload;
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setAlgorithmConstraints(
          new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, key.alg()));
      jws.setCompactSerialization(proof);
      jws.setKey(key.jwk().getPublicKey());
      if (!jws.verifySignature()) {
        throw new InvalidInputException("proof", "is not signed by public_key");
      }
      payload = jws.getPayload();
    } catch (JoseException e) {
      throw new InvalidInputException(
          "proof", "must be a compact JWS signed with " + key.alg() + " by public_key");
    }
    Object signed;
    try {
      Map<String, Object> claims = JsonUtil.parseJson(payload);
      signed = claims.get("nonce");
    } catch (JoseException | RuntimeException e) {
      throw new InvalidInputException("proof", "must carry a JSON payload {\"nonce\": ...}");
    }
    if (!(signed instanceof String s)
        || !MessageDigest.isEqual(
            s.getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8))) {
      throw new InvalidInputException(
          "proof", "signs another nonce than the one POST /v1/keys/bootstrap gave");
    }
  }
}
