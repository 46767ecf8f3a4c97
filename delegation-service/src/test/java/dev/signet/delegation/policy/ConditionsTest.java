package dev.signet.delegation.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** CEL conditions compile once; what does not compile is refused with its position. */
class ConditionsTest {

  @Test
  void syntaxErrorNamesLineAndColumn() {
    Conditions.InvalidCondition e =
        assertThrows(
            Conditions.InvalidCondition.class, () -> Conditions.compile("subject.id == 'a' &&"));
    assertEquals(1, e.line());
    assertTrue(e.detail().startsWith("condition does not compile at line 1, column "), e.detail());
  }

  @Test
  void undeclaredVariableIsPointedAt() {
    Conditions.InvalidCondition e =
        assertThrows(
            Conditions.InvalidCondition.class,
            () -> Conditions.compile("subject.id == 'a'\n  && nobody.x == 1"));
    assertEquals(2, e.line());
    assertEquals(6, e.column());
    assertTrue(e.getMessage().contains("nobody"), e.getMessage());
  }

  @Test
  void nonBooleanResultIsRefused() {
    assertThrows(Conditions.InvalidCondition.class, () -> Conditions.compile("'a string'"));
    assertThrows(Conditions.InvalidCondition.class, () -> Conditions.compile("1 + 2"));
  }

  @Test
  void tooLongOrTooDeepIsRefused() {
    assertThrows(
        Conditions.InvalidCondition.class,
        () -> Conditions.compile("true && ".repeat(600) + "true"));
    assertThrows(
        Conditions.InvalidCondition.class,
        () -> Conditions.compile("(".repeat(100) + "true" + ")".repeat(100)));
  }

  @Test
  void validConditionsCompile() {
    assertDoesNotThrow(() -> Conditions.compile("'admin' in subject.groups"));
    assertDoesNotThrow(() -> Conditions.compile("now < timestamp('2030-01-01T00:00:00Z')"));
  }
}
