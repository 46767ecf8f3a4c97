package dev.signet.common.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

/** Key ids derived from the key itself, so the same key always carries the same kid. */
public final class Kids {

  private Kids() {}

  /** Base64url (no padding) of the first 16 bytes of SHA-256 over the public key's DER. */
  public static String of(PublicKey publicKey) {
    return of(publicKey.getEncoded());
  }

  /** As {@link #of(PublicKey)} for the DER (SubjectPublicKeyInfo) bytes. */
  public static String of(byte[] publicKeyDer) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKeyDer);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
