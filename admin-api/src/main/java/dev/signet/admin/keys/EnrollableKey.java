package dev.signet.admin.keys;

import dev.signet.common.input.InvalidInputException;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * A public key offered for enrollment, parsed and held to the rules: Ed25519, EC P-256 or RSA of at
 * least 2048 bits, public parts only (a JWK that carries a private member is refused, so nobody
 * learns to paste private keys into Signet). Each key type signs with exactly one algorithm.
 */
record EnrollableKey(PublicJsonWebKey jwk, String alg, String kid) {

  static final int MIN_RSA_BITS = 2048;

  static EnrollableKey parse(Map<String, Object> members) {
    if (members == null || members.isEmpty()) {
      throw new InvalidInputException("public_key", "is required (a JWK object)");
    }
    for (String secret : new String[] {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) {
      if (members.containsKey(secret)) {
        throw new InvalidInputException(
            "public_key", "must hold only the public key; it carries the private member " + secret);
      }
    }
    JsonWebKey parsed;
    try {
      parsed = JsonWebKey.Factory.newJwk(members);
    } catch (JoseException | RuntimeException e) {
      throw new InvalidInputException("public_key", "is not a valid JWK");
    }
    String alg;
    if (parsed instanceof OctetKeyPairJsonWebKey okp) {
      if (!OctetKeyPairJsonWebKey.SUBTYPE_ED25519.equals(okp.getSubtype())) {
        throw new InvalidInputException("public_key", "OKP keys must be Ed25519");
      }
      alg = "EdDSA";
    } else if (parsed instanceof EllipticCurveJsonWebKey ec) {
      if (!"P-256".equals(ec.getCurveName())) {
        throw new InvalidInputException("public_key", "EC keys must be on P-256");
      }
      alg = "ES256";
    } else if (parsed instanceof RsaJsonWebKey rsa) {
      int bits = ((RSAPublicKey) rsa.getKey()).getModulus().bitLength();
      if (bits < MIN_RSA_BITS) {
        throw new InvalidInputException(
            "public_key", "RSA keys must have at least " + MIN_RSA_BITS + " bits, not " + bits);
      }
      alg = "RS256";
    } else {
      throw new InvalidInputException("public_key", "must be an Ed25519, EC P-256 or RSA key");
    }
    PublicJsonWebKey key = (PublicJsonWebKey) parsed;
    return new EnrollableKey(key, alg, key.calculateBase64urlEncodedThumbprint("SHA-256"));
  }

  /** The JWK as stored: public members only, with our kid and alg. */
  String publicJson() {
    jwk.setKeyId(kid);
    jwk.setAlgorithm(alg);
    jwk.setUse("sig");
    return jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }
}
