package dev.signet.common.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * A signing key pair with its algorithm and derived kid: what the key ring generates or imports
 * before the private half is sealed under a master key. Never logged, never serialised whole.
 */
public final class SigningKeyMaterial {

  /** RSA sizes Signet generates and accepts. */
  public static final int MIN_RSA_BITS = 2048;

  private final SigningAlgorithm algorithm;
  private final KeyPair keyPair;
  private final String kid;

  private SigningKeyMaterial(SigningAlgorithm algorithm, KeyPair keyPair) {
    this.algorithm = algorithm;
    this.keyPair = keyPair;
    this.kid = Kids.of(keyPair.getPublic());
  }

  /** A fresh key: RSA of the given size (2048 or 3072) for RS256, P-256 or Ed25519 otherwise. */
  public static SigningKeyMaterial generate(SigningAlgorithm algorithm, int rsaBits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jcaKeyAlgorithm());
      switch (algorithm) {
        case RS256 -> {
          if (rsaBits != 2048 && rsaBits != 3072 && rsaBits != 4096) {
            throw new IllegalArgumentException(
                "RSA key size must be 2048, 3072 or 4096, not " + rsaBits);
          }
          generator.initialize(new RSAKeyGenParameterSpec(rsaBits, RSAKeyGenParameterSpec.F4));
        }
        case ES256 -> generator.initialize(new ECGenParameterSpec("secp256r1"));
        case EdDSA -> {
          // Ed25519 needs no parameters.
        }
      }
      return new SigningKeyMaterial(algorithm, generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
    }
  }

  /** Wraps a key pair whose algorithm was already checked (import, decryption). */
  public static SigningKeyMaterial of(SigningAlgorithm algorithm, KeyPair keyPair) {
    return new SigningKeyMaterial(algorithm, keyPair);
  }

  /** Rebuilds the pair from its stored encodings: public DER and decrypted PKCS#8. */
  public static SigningKeyMaterial fromEncoded(
      SigningAlgorithm algorithm, byte[] publicKeyDer, byte[] privateKeyPkcs8) {
    return new SigningKeyMaterial(
        algorithm,
        new KeyPair(publicKey(algorithm, publicKeyDer), privateKey(algorithm, privateKeyPkcs8)));
  }

  /** The private key from its PKCS#8 encoding. */
  public static PrivateKey privateKey(SigningAlgorithm algorithm, byte[] pkcs8) {
    try {
      return KeyFactory.getInstance(algorithm.jcaKeyAlgorithm())
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored " + algorithm + " private key is unreadable", e);
    }
  }

  /** The public key from its SubjectPublicKeyInfo DER. */
  public static PublicKey publicKey(SigningAlgorithm algorithm, byte[] der) {
    try {
      return KeyFactory.getInstance(algorithm.jcaKeyAlgorithm())
          .generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored " + algorithm + " public key is unreadable", e);
    }
  }

  /** The public JWK (kty, kid, use, alg and n/e or crv/x/y) for this key. */
  public static Map<String, Object> publicJwk(
      SigningAlgorithm algorithm, String kid, PublicKey publicKey) {
    try {
      PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(publicKey);
      jwk.setKeyId(kid);
      jwk.setUse("sig");
      jwk.setAlgorithm(algorithm.jwsName());
      return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    } catch (JoseException e) {
      throw new IllegalStateException("cannot describe " + algorithm + " key as JWK", e);
    }
  }

  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  public String kid() {
    return kid;
  }

  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  public PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  /** Key size in bits: the modulus for RSA, the curve size otherwise. */
  public int keySize() {
    PublicKey key = keyPair.getPublic();
    if (key instanceof RSAPublicKey rsa) {
      return rsa.getModulus().bitLength();
    }
    if (key instanceof ECPublicKey ec) {
      return ec.getParams().getCurve().getField().getFieldSize();
    }
    return 256;
  }

  public byte[] publicKeyDer() {
    return keyPair.getPublic().getEncoded();
  }

  /** The PKCS#8 encoding of the private key: only ever handed to {@link MasterKeys#seal}. */
  public byte[] privateKeyPkcs8() {
    return keyPair.getPrivate().getEncoded();
  }

  public Map<String, Object> publicJwk() {
    return publicJwk(algorithm, kid, keyPair.getPublic());
  }

  @Override
  public String toString() {
    return "SigningKeyMaterial[" + algorithm + ", kid=" + kid + "]";
  }
}
