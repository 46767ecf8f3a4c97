package dev.signet.common.keys;

import java.util.Locale;
import org.jose4j.jws.AlgorithmIdentifiers;

/** The asymmetric JWS algorithms Signet signs with; RS256 is the default. */
public enum SigningAlgorithm {
  RS256("RSA", "RSA", AlgorithmIdentifiers.RSA_USING_SHA256),
  ES256("EC", "EC", AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256),
  EdDSA("OKP", "Ed25519", AlgorithmIdentifiers.EDDSA);

  private final String keyType;
  private final String jcaKeyAlgorithm;
  private final String jwsName;

  SigningAlgorithm(String keyType, String jcaKeyAlgorithm, String jwsName) {
    this.keyType = keyType;
    this.jcaKeyAlgorithm = jcaKeyAlgorithm;
    this.jwsName = jwsName;
  }

  /** The JWK {@code kty} and the {@code key_type} column value. */
  public String keyType() {
    return keyType;
  }

  /** The JCA name used with KeyFactory and KeyPairGenerator. */
  public String jcaKeyAlgorithm() {
    return jcaKeyAlgorithm;
  }

  /** The JWS {@code alg} header value. */
  public String jwsName() {
    return jwsName;
  }

  /** Parses {@code RS256}, {@code ES256} or {@code EdDSA} (case-insensitive). */
  public static SigningAlgorithm parse(String value) {
    if (value != null) {
      for (SigningAlgorithm alg : values()) {
        if (alg.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
          return alg;
        }
      }
    }
    throw new IllegalArgumentException(
        "unsupported signing algorithm '" + value + "' (use RS256, ES256 or EdDSA)");
  }

  /** The algorithm for a JWS {@code alg} header value, or null when Signet never signs with it. */
  public static SigningAlgorithm fromJwsName(String alg) {
    for (SigningAlgorithm candidate : values()) {
      if (candidate.jwsName.equals(alg)) {
        return candidate;
      }
    }
    return null;
  }
}
