package dev.signet.common.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MasterKeysTest {

  private static final String K1 = MasterKeys.newMasterKey();
  private static final String K2 = MasterKeys.newMasterKey();
  private final byte[] secret = "pkcs8 bytes".getBytes(StandardCharsets.UTF_8);

  @Test
  void sealsUnderTheHighestVersionAndOpensWithTheRecordedOne() {
    MasterKeys keys = MasterKeys.of("1=" + K1 + ",2=" + K2);
    MasterKeys.Sealed sealed = keys.seal(secret, "kid-a");
    assertEquals("2", sealed.version());
    assertArrayEquals(secret, keys.open("2", sealed.ciphertext(), "kid-a"));
  }

  @Test
  void ciphertextIsBoundToItsKid() {
    MasterKeys keys = MasterKeys.of("1=" + K1);
    MasterKeys.Sealed sealed = keys.seal(secret, "kid-a");
    assertThrows(IllegalStateException.class, () -> keys.open("1", sealed.ciphertext(), "kid-b"));
  }

  @Test
  void rewrapMovesMaterialToTheCurrentVersion() {
    MasterKeys old = MasterKeys.of("1=" + K1);
    MasterKeys.Sealed sealed = old.seal(secret, "kid-a");
    MasterKeys rotated = MasterKeys.of("1=" + K1 + ",2=" + K2);
    MasterKeys.Sealed rewrapped = rotated.rewrap(sealed.version(), sealed.ciphertext(), "kid-a");
    assertEquals("2", rewrapped.version());
    assertArrayEquals(secret, MasterKeys.of("2=" + K2).open("2", rewrapped.ciphertext(), "kid-a"));
  }

  @Test
  void explicitCurrentVersionWins() {
    assertEquals("1", MasterKeys.of("1=" + K1 + ",2=" + K2, "1").currentVersion());
    assertThrows(IllegalStateException.class, () -> MasterKeys.of("1=" + K1, "3"));
  }

  @Test
  void badSettingsNameTheSetting() {
    for (String bad : new String[] {"", "1", "1=c2hvcnQ=", "1=%%%", "1=" + K1 + ",1=" + K2}) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> MasterKeys.of(bad));
      assertTrue(e.getMessage().contains("signet.keyring.master-keys"), e.getMessage());
    }
  }

  @Test
  void unknownVersionIsReportedNotGuessed() {
    MasterKeys keys = MasterKeys.of("1=" + K1);
    MasterKeys.Sealed sealed = keys.seal(secret, "kid-a");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> keys.open("7", sealed.ciphertext(), "kid-a"));
    assertTrue(e.getMessage().contains("version 7"), e.getMessage());
  }
}
