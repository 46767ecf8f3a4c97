package dev.signet.keyring.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Startup errors of import mode name the setting and carry no key material. */
class KeyImportConfigTest {

  @Test
  void malformedPemNamesThePemSetting() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                KeyImport.load(
                    Optional.of("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
                    Optional.empty()));
    assertTrue(e.getMessage().startsWith("signet.keyring.import-key.pem"), e.getMessage());
  }

  @Test
  void unreadableFileNamesTheFileSetting() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> KeyImport.load(Optional.empty(), Optional.of(Path.of("/no/such/key.pem"))));
    assertTrue(e.getMessage().startsWith("signet.keyring.import-key.file"), e.getMessage());
  }

  @Test
  void nothingConfiguredMeansNoImport() {
    assertEquals(Optional.empty(), KeyImport.load(Optional.of(" "), Optional.empty()));
  }
}
