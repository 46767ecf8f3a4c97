package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.cli.store.FileTokenStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTokenStoreTest {

  @TempDir Path dir;

  @Test
  void entriesAreEncryptedAndPrivate() throws Exception {
    FileTokenStore store = new FileTokenStore(dir, null);
    store.write("session:default", "{\"refresh_token\":\"rt-very-secret-value\"}");
    byte[] onDisk = Files.readAllBytes(store.file());
    assertFalse(new String(onDisk, StandardCharsets.ISO_8859_1).contains("rt-very-secret"));
    assertFalse(new String(onDisk, StandardCharsets.ISO_8859_1).contains("refresh_token"));
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("store.key"))));
    assertEquals(
        Optional.of("{\"refresh_token\":\"rt-very-secret-value\"}"),
        new FileTokenStore(dir, null).read("session:default"));
    store.delete("session:default");
    assertEquals(Optional.empty(), store.read("session:default"));
  }

  @Test
  void aPassphraseStoreOpensOnlyWithItsPassphrase() {
    new FileTokenStore(dir, "correct horse").write("k", "v");
    assertEquals(Optional.of("v"), new FileTokenStore(dir, "correct horse").read("k"));
    CliException wrong =
        assertThrows(CliException.class, () -> new FileTokenStore(dir, "wrong").read("k"));
    assertTrue(wrong.getMessage().contains("PASSPHRASE"));
  }

  @Test
  void aTamperedFileIsRefusedNotTrusted() throws Exception {
    FileTokenStore store = new FileTokenStore(dir, null);
    store.write("k", "v");
    String sealed = Files.readString(store.file());
    int at = sealed.indexOf("\"data\":\"") + 9;
    char flipped = sealed.charAt(at) == 'A' ? 'B' : 'A';
    Files.writeString(store.file(), sealed.substring(0, at) + flipped + sealed.substring(at + 1));
    assertThrows(CliException.class, () -> store.read("k"));
  }
}
