package dev.signet.common.keys;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an operator's private key from PEM: PKCS#8 ({@code PRIVATE KEY}) RSA, EC P-256 or Ed25519,
 * PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}). Every failure is a {@link
 * KeyImportException} naming the setting the PEM came from.
 */
public final class PemKeys {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final byte[] RSA_ALGORITHM_ID = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };
  private static final byte[] EC_P256_ALGORITHM_ID = {
    0x30,
    0x13,
    0x06,
    0x07,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0xce,
    0x3d,
    0x02,
    0x01,
    0x06,
    0x08,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0xce,
    0x3d,
    0x03,
    0x01,
    0x07
  };
  private static final BigInteger P256_ORDER =
      new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

  private PemKeys() {}

  /**
   * Parses the PEM given in {@code setting} into a signing key; the algorithm follows from the key
   * (RSA: RS256, P-256: ES256, Ed25519: EdDSA). Literal {@code \n} sequences, as env vars often
   * carry them, are accepted as line breaks.
   */
  public static SigningKeyMaterial parse(String pem, String setting) {
    if (pem == null || pem.isBlank()) {
      throw new KeyImportException(setting + " is empty: expected a PEM private key");
    }
    Matcher block = BLOCK.matcher(pem.replace("\\n", "\n").replace("\r", ""));
    if (!block.find()) {
      throw new KeyImportException(
          setting
              + " is not PEM: expected -----BEGIN PRIVATE KEY----- (PKCS#8) or -----BEGIN RSA"
              + " PRIVATE KEY----- (PKCS#1)");
    }
    String label = block.group(1);
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(block.group(2).trim());
    } catch (IllegalArgumentException e) {
      throw new KeyImportException(setting + " has a " + label + " block that is not base64");
    }
    if (der.length == 0) {
      throw new KeyImportException(setting + " has an empty " + label + " block");
    }
    SigningKeyMaterial key =
        switch (label) {
          case "PRIVATE KEY" -> fromPkcs8(der, setting);
          case "RSA PRIVATE KEY" -> rsa(pkcs8(RSA_ALGORITHM_ID, der), setting);
          case "EC PRIVATE KEY" -> ec(pkcs8(EC_P256_ALGORITHM_ID, der), setting);
          case "ENCRYPTED PRIVATE KEY" ->
              throw new KeyImportException(
                  setting
                      + " holds an encrypted private key; decrypt it first (openssl pkcs8 -topk8"
                      + " -nocrypt)");
          default ->
              throw new KeyImportException(
                  setting
                      + " holds a "
                      + label
                      + " block; expected PRIVATE KEY (PKCS#8) or RSA PRIVATE KEY (PKCS#1)");
        };
    requireWorkingPair(key, setting);
    return key;
  }

  private static SigningKeyMaterial fromPkcs8(byte[] der, String setting) {
    for (SigningAlgorithm alg : SigningAlgorithm.values()) {
      if (decodes(alg, der)) {
        return switch (alg) {
          case RS256 -> rsa(der, setting);
          case ES256 -> ec(der, setting);
          case EdDSA -> ed25519(der, setting);
        };
      }
    }
    throw new KeyImportException(
        setting + " holds a PKCS#8 key that is not RSA, EC P-256 or Ed25519, or is malformed");
  }

  private static boolean decodes(SigningAlgorithm alg, byte[] der) {
    try {
      KeyFactory.getInstance(alg.jcaKeyAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static SigningKeyMaterial rsa(byte[] pkcs8, String setting) {
    try {
      PrivateKey privateKey =
          KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
        throw new KeyImportException(
            setting + " holds an RSA key without CRT parameters; export the full private key");
      }
      int bits = crt.getModulus().bitLength();
      if (bits < SigningKeyMaterial.MIN_RSA_BITS) {
        throw new KeyImportException(
            setting + " holds a " + bits + "-bit RSA key; at least 2048 bits are required");
      }
      PublicKey publicKey =
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      return SigningKeyMaterial.of(SigningAlgorithm.RS256, new KeyPair(publicKey, privateKey));
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof KeyImportException k) {
        throw k;
      }
      throw new KeyImportException(setting + " holds an RSA key that cannot be read");
    }
  }

  private static SigningKeyMaterial ec(byte[] pkcs8, String setting) {
    try {
      PrivateKey privateKey =
          KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      ECPrivateKey ec = (ECPrivateKey) privateKey;
      ECParameterSpec params = ec.getParams();
      if (!params.getOrder().equals(P256_ORDER)) {
        throw new KeyImportException(
            setting + " holds an EC key on a curve other than P-256; ES256 needs P-256");
      }
      ECPoint q = multiply(params, ec.getS());
      PublicKey publicKey =
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, params));
      return SigningKeyMaterial.of(SigningAlgorithm.ES256, new KeyPair(publicKey, privateKey));
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof KeyImportException k) {
        throw k;
      }
      throw new KeyImportException(setting + " holds an EC key that cannot be read");
    }
  }

  private static SigningKeyMaterial ed25519(byte[] pkcs8, String setting) {
    try {
      PrivateKey privateKey =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      byte[] seed =
          ((EdECPrivateKey) privateKey)
              .getBytes()
              .orElseThrow(() -> new KeyImportException(setting + " holds no Ed25519 seed"));
      // The JDK derives the public key from the 32 seed bytes it draws from the random source.
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519", "SunEC");
      generator.initialize(255, new FixedBytes(seed));
      PublicKey publicKey = generator.generateKeyPair().getPublic();
      return SigningKeyMaterial.of(SigningAlgorithm.EdDSA, new KeyPair(publicKey, privateKey));
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof KeyImportException k) {
        throw k;
      }
      throw new KeyImportException(setting + " holds an Ed25519 key that cannot be read");
    }
  }

  /** Signs and verifies once, so a key whose halves do not match never gets stored. */
  private static void requireWorkingPair(SigningKeyMaterial key, String setting) {
    String jca =
        switch (key.algorithm()) {
          case RS256 -> "SHA256withRSA";
          case ES256 -> "SHA256withECDSA";
          case EdDSA -> "Ed25519";
        };
    try {
      byte[] probe = "signet key import check".getBytes(StandardCharsets.UTF_8);
      Signature signer = Signature.getInstance(jca);
      signer.initSign(key.privateKey());
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(jca);
      verifier.initVerify(key.publicKey());
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new KeyImportException(setting + " holds a key that fails a sign/verify check");
      }
    } catch (GeneralSecurityException e) {
      throw new KeyImportException(
          setting
              + " holds a "
              + key.algorithm().name().toLowerCase(Locale.ROOT)
              + " key that cannot sign");
    }
  }

  /** PKCS#8 PrivateKeyInfo: SEQUENCE { 0, algorithm, OCTET STRING inner }. */
  private static byte[] pkcs8(byte[] algorithmId, byte[] inner) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(algorithmId);
    body.writeBytes(tlv(0x04, inner));
    return tlv(0x30, body.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = value.length;
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write(length >> 8);
      out.write(length);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  /** Q = d·G in affine coordinates; runs once per import, so clarity beats speed here. */
  private static ECPoint multiply(ECParameterSpec params, BigInteger d) {
    BigInteger p = ((java.security.spec.ECFieldFp) params.getCurve().getField()).getP();
    BigInteger a = params.getCurve().getA();
    ECPoint result = ECPoint.POINT_INFINITY;
    ECPoint addend = params.getGenerator();
    for (int i = 0; i < d.bitLength(); i++) {
      if (d.testBit(i)) {
        result = add(result, addend, p, a);
      }
      addend = add(addend, addend, p, a);
    }
    return result;
  }

  private static ECPoint add(ECPoint s, ECPoint t, BigInteger p, BigInteger a) {
    if (s.equals(ECPoint.POINT_INFINITY)) {
      return t;
    }
    if (t.equals(ECPoint.POINT_INFINITY)) {
      return s;
    }
    BigInteger lambda;
    if (s.getAffineX().equals(t.getAffineX())) {
      if (!s.getAffineY().equals(t.getAffineY()) || s.getAffineY().signum() == 0) {
        return ECPoint.POINT_INFINITY;
      }
      BigInteger x = s.getAffineX();
      lambda =
          x.pow(2)
              .multiply(BigInteger.valueOf(3))
              .add(a)
              .multiply(s.getAffineY().shiftLeft(1).modInverse(p))
              .mod(p);
    } else {
      lambda =
          t.getAffineY()
              .subtract(s.getAffineY())
              .multiply(t.getAffineX().subtract(s.getAffineX()).modInverse(p))
              .mod(p);
    }
    BigInteger x = lambda.pow(2).subtract(s.getAffineX()).subtract(t.getAffineX()).mod(p);
    BigInteger y = lambda.multiply(s.getAffineX().subtract(x)).subtract(s.getAffineY()).mod(p);
    return new ECPoint(x, y);
  }

  /** A random source that hands out given bytes once: lets the JDK derive an Ed25519 public key. */
  private static final class FixedBytes extends SecureRandom {
    private final byte[] bytes;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("unexpected Ed25519 seed request");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
