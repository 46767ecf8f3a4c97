package dev.signet.token.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReturnPathTest {

  @Test
  void localPathsAreKept() {
    assertEquals(
        Optional.of("/device?user_code=ABCD-EFGH"), ReturnPath.safe("/device?user_code=ABCD-EFGH"));
    assertEquals(
        Optional.of("/oauth2/authorize?client_id=signet-cli&state=x%20y"),
        ReturnPath.safe("/oauth2/authorize?client_id=signet-cli&state=x%20y"));
  }

  @Test
  void anythingThatCouldLeaveTheSiteIsRefused() {
    for (String bad :
        new String[] {
          null,
          "",
          "https://evil.example/",
          "//evil.example/",
          "/\\evil.example",
          "/\\/evil.example",
          "javascript:alert(1)",
          "device",
          "/device\u0000",
          "/device\r\nSet-Cookie: x=y",
          "/dev ice",
          "/dеvice",
          "/" + "a".repeat(ReturnPath.MAX_LENGTH)
        }) {
      assertTrue(ReturnPath.safe(bad).isEmpty(), String.valueOf(bad));
      assertEquals("/account", ReturnPath.orHome(bad));
    }
  }

  @Test
  void theSignInHopCarriesTheEncodedPath() {
    assertEquals(
        "/signin?return=%2Fdevice%3Fuser_code%3DABCD-EFGH",
        ReturnPath.signInFor("/device?user_code=ABCD-EFGH"));
    assertEquals("/signin?return=%2Faccount", ReturnPath.signInFor("https://evil.example/"));
  }
}
