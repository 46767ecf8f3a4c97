package dev.signet.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopesTest {

  @Test
  void signetAdminImpliesAdminAndReadScopesButNotInternal() {
    Set<String> admin = Set.of(Scopes.ADMIN);
    assertTrue(Scopes.grants(admin, "signet:keys:admin"));
    assertTrue(Scopes.grants(admin, "signet:audit:read"));
    assertFalse(Scopes.grants(admin, Scopes.INTERNAL));
    assertFalse(Scopes.grants(admin, "other:keys:admin"));
  }

  @Test
  void ordinaryScopesGrantOnlyThemselves() {
    Set<String> held = Set.of("signet:keys:read");
    assertTrue(Scopes.grants(held, "signet:keys:read"));
    assertFalse(Scopes.grants(held, "signet:keys:admin"));
  }

  @Test
  void bearerHeaderParsing() {
    assertEquals("abc", BearerAuthenticationMechanism.bearerToken("Bearer abc"));
    assertEquals("abc", BearerAuthenticationMechanism.bearerToken("bearer  abc "));
    assertNull(BearerAuthenticationMechanism.bearerToken("Basic abc"));
    assertNull(BearerAuthenticationMechanism.bearerToken("Bearer "));
    assertNull(BearerAuthenticationMechanism.bearerToken(null));
  }
}
