package dev.signet.token.passkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.token.session.PageException;
import org.junit.jupiter.api.Test;

/** Passkey names and invite links: what the pages accept before anything is stored or asked. */
class PasskeyNameTest {

  @Test
  void aNameIsTrimmedAndDefaultsWhenBlank() {
    assertEquals("Work laptop", PasskeyName.of("  Work laptop "));
    assertEquals("Passkey", PasskeyName.of(null));
    assertEquals("Passkey", PasskeyName.of("   "));
    assertEquals("Ноутбук 2", PasskeyName.of("Ноутбук 2"), "one script other than Latin is fine");
    assertEquals("Phone 📱", PasskeyName.of("Phone 📱"));
  }

  @Test
  void longControlMixedScriptAndUnassignedNamesAreRefused() {
    for (String bad :
        new String[] {
          "x".repeat(65), "a\u0000b", "a\u0007b", "a\nb", "Pаypal", "abc\uD800", "a\u0378b"
        }) {
      PageException e = assertThrows(PageException.class, () -> PasskeyName.of(bad), bad);
      assertEquals(400, e.status());
    }
  }

  @Test
  void anInviteLinkIsAUuidAndABase64urlToken() {
    InviteLink link = InviteLink.parse("0b7f1c1e-4a8e-4e8f-9b3a-2f1c0d9e8a7b", "abc-DEF_123");
    assertEquals("abc-DEF_123", link.token());
    for (String[] bad :
        new String[][] {
          {"0b7f1c1e-4a8e-4e8f-9b3a-2f1c0d9e8a7b", "abc=def"},
          {"0b7f1c1e-4a8e-4e8f-9b3a-2f1c0d9e8a7b", "x".repeat(129)},
          {"0b7f1c1e-4a8e-4e8f-9b3a-2f1c0d9e8a7", "abc"},
          {"0b7f1c1e-4a8e-4e8f-9b3a-2f1c0d9e8a7bb", "abc"},
          {"0-0-0-0-000000000000000000000000000000", "abc"},
          {null, "abc"},
          {"0b7f1c1e-4a8e-4e8f-9b3a-2f1c0d9e8a7b", null}
        }) {
      assertThrows(PageException.class, () -> InviteLink.parse(bad[0], bad[1]));
    }
  }
}
