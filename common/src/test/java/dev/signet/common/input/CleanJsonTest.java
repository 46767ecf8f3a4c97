package dev.signet.common.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.junit.jupiter.api.Test;

/** The shared mapper reads each value from its own JSON type only, and each key once. */
class CleanJsonTest {

  record Body(Integer ttl, long count, Double ratio, Boolean flag, String name) {}

  private final ObjectMapper mapper = strict();

  private static ObjectMapper strict() {
    ObjectMapper m = new ObjectMapper();
    new CleanJson().customize(m);
    return m;
  }

  @Test
  void readsValuesOfTheirOwnType() throws Exception {
    Body b =
        mapper.readValue(
            "{\"ttl\":600,\"count\":7,\"ratio\":2,\"flag\":true,\"name\":\"a\"}", Body.class);
    assertEquals(600, b.ttl());
    assertEquals(7L, b.count());
    assertEquals(2.0, b.ratio());
    assertEquals(Boolean.TRUE, b.flag());
  }

  @Test
  void refusesNumbersAndBooleansSentAsStrings() {
    for (String body :
        new String[] {
          "{\"ttl\":\"600\"}",
          "{\"ttl\":\"600\\u0000\"}",
          "{\"count\":\"7\"}",
          "{\"ratio\":\"1.5\"}",
          "{\"flag\":\"true\"}",
          "{\"flag\":1}",
          "{\"ttl\":true}",
          "{\"ttl\":\"\"}"
        }) {
      assertThrows(MismatchedInputException.class, () -> mapper.readValue(body, Body.class), body);
    }
  }

  @Test
  void refusesFractionsForIntegers() {
    assertThrows(
        MismatchedInputException.class, () -> mapper.readValue("{\"ttl\":600.9}", Body.class));
  }

  @Test
  void refusesAKeyGivenTwice() {
    JsonParseException e =
        assertThrows(
            JsonParseException.class,
            () -> mapper.readValue("{\"ttl\":60,\"ttl\":600}", Body.class));
    assertTrue(CleanJson.isDuplicateKey(e));
    assertThrows(JsonParseException.class, () -> mapper.readTree("{\"a\":{\"b\":1,\"b\":2}}"));
  }

  @Test
  void stillRefusesControlCharacters() {
    assertThrows(
        CleanJson.UncleanTextException.class,
        () -> mapper.readValue("{\"name\":\"a\\u0000\"}", Body.class));
  }
}
