package dev.signet.token.authorize;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The redirect URI rules: exact registration, or RFC 8252 loopback literals on any port. */
class RedirectUrisTest {

  private static final List<String> CONSOLE = List.of("http://127.0.0.1:8085/console");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:1/callback",
        "http://127.0.0.1:50123/callback",
        "http://127.0.0.1:65535/",
        "http://[::1]:40000/callback",
        "http://127.0.0.1:50123/callback?session=abc"
      })
  void loopbackLiteralsOnAnyPortAreAllowedForTheCli(String uri) {
    assertTrue(RedirectUris.loopback(uri), uri);
    assertTrue(RedirectUris.allowed(uri, List.of(), true), uri);
    // Not for a client that registered exact URIs only.
    assertFalse(RedirectUris.allowed(uri, CONSOLE, false), uri);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:50123/callback",
        "http://LOCALHOST:50123/callback",
        "https://127.0.0.1:50123/callback",
        "http://127.0.0.2:50123/callback",
        "http://127.1:50123/callback",
        "http://0x7f000001:50123/callback",
        "http://127.0.0.1/callback",
        "http://127.0.0.1:0/callback",
        "http://127.0.0.1:65536/callback",
        "http://127.0.0.1:50123",
        "http://127.0.0.1:50123/callback#fragment",
        "http://user@127.0.0.1:50123/callback",
        "http://127.0.0.1.evil.example:50123/callback",
        "http://evil.example/callback",
        "javascript:alert(1)",
        "//127.0.0.1:50123/callback",
        "http://127.0.0.1:50123/call back",
        "http://127.0.0.1:50123/cb\u0000",
        "http://127.0.0.1:50123/cb\n",
        "http://127.0.0.1:50123/\u0441b",
        ""
      })
  void anythingElseIsRefused(String uri) {
    assertFalse(RedirectUris.allowed(uri, List.of(), true), uri);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8085/console/",
        "http://127.0.0.1:8086/console",
        "http://127.0.0.1:8085/Console",
        "http://127.0.0.1:8085/console?x=1",
        "http://127.0.0.1:8085/console#x",
        "https://127.0.0.1:8085/console"
      })
  void registeredUrisMatchExactly(String uri) {
    assertTrue(RedirectUris.allowed("http://127.0.0.1:8085/console", CONSOLE, false));
    assertFalse(RedirectUris.allowed(uri, CONSOLE, false), uri);
  }

  @org.junit.jupiter.api.Test
  void nullAndHugeValuesAreRefused() {
    assertFalse(RedirectUris.allowed(null, CONSOLE, true));
    assertFalse(
        RedirectUris.allowed("http://127.0.0.1:50123/" + "a".repeat(10_000), List.of(), true));
    assertFalse(RedirectUris.loopback(null));
  }
}
