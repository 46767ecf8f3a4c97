package dev.signet.common.secret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretHasherTest {

  private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String K2 = Base64.getEncoder().encodeToString("x".repeat(32).getBytes());

  @Test
  void hashesWithTheHighestVersionAndVerifiesOlderOnes() {
    SecretHasher before = SecretHasher.of("1=" + K1);
    HashedSecret old = before.hash("s3cret");
    SecretHasher after = SecretHasher.of("1=" + K1 + ",2=" + K2);

    assertEquals(2, after.hash("s3cret").version());
    assertTrue(after.matches("s3cret", old.hash(), old.version()));
    assertFalse(after.matches("other", old.hash(), old.version()));
    assertFalse(after.matches("s3cret", old.hash(), 7));
  }

  @Test
  void candidatesCoverEveryVersionNewestFirst() {
    SecretHasher hasher = SecretHasher.of("1=" + K1 + ",2=" + K2);
    var candidates = hasher.candidates("t");
    assertEquals(2, candidates.get(0).version());
    assertArrayEquals(SecretHasher.of("1=" + K1).hash("t").hash(), candidates.get(1).hash());
  }

  @Test
  void newSecretsAre256BitAndDistinct() {
    String a = SecretHasher.newSecret();
    assertEquals(32, Base64.getUrlDecoder().decode(a).length);
    assertNotEquals(a, SecretHasher.newSecret());
  }

  @Test
  void shortOrMalformedKeysAreRefusedWithTheSettingName() {
    var shortKey = Base64.getEncoder().encodeToString(new byte[8]);
    var e = assertThrows(IllegalArgumentException.class, () -> SecretHasher.of("1=" + shortKey));
    assertTrue(e.getMessage().contains("signet.secrets.hmac-keys"));
    assertThrows(IllegalArgumentException.class, () -> SecretHasher.of("garbage"));
  }
}
