package dev.signet.delegation.policy;

import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Request attributes (parsed JSON) as CEL values: integers become {@code int} (64-bit), other
 * numbers {@code double}, nulls are dropped (an absent key reads the same in CEL: {@code has()}).
 * Bounded here, once: how many entries, how deep, how long a string.
 */
public final class Attributes {

  public static final int MAX_ENTRIES = 64;
  public static final int MAX_DEPTH = 4;
  public static final int MAX_STRING = 1_024;

  private Attributes() {}

  /**
   * A fresh mutable copy of {@code raw} as CEL values; {@link InvalidInputException} if unbounded.
   */
  public static Map<String, Object> normalized(Map<String, Object> raw) {
    return raw == null ? new HashMap<>() : map("attributes", raw, 1);
  }

  /** Checks the bounds without keeping the result. */
  public static void check(String field, Map<String, Object> raw) {
    if (raw != null) {
      map(field, raw, 1);
    }
  }

  private static Map<String, Object> map(String field, Map<?, ?> raw, int depth) {
    if (raw.size() > MAX_ENTRIES) {
      throw new InvalidInputException(field, "must have at most " + MAX_ENTRIES + " entries");
    }
    Map<String, Object> out = new HashMap<>();
    for (Map.Entry<?, ?> e : raw.entrySet()) {
      String key = String.valueOf(e.getKey());
      CleanText.require(field, key, 128);
      Object v = value(field + "." + key, e.getValue(), depth);
      if (v != null) {
        out.put(key, v);
      }
    }
    return out;
  }

  private static Object value(String field, Object v, int depth) {
    if (v == null || v instanceof Boolean || v instanceof Long) {
      return v;
    }
    if (v instanceof String s) {
      return CleanText.require(field, s, MAX_STRING, false);
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      if (b.bitLength() < 64) {
        return b.longValue();
      }
      throw new InvalidInputException(field, "is an integer outside the 64-bit range");
    }
    if (v instanceof Double || v instanceof BigDecimal || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isInfinite(d) || Double.isNaN(d)) {
        throw new InvalidInputException(field, "is a number outside the double range");
      }
      return d;
    }
    if (depth >= MAX_DEPTH && (v instanceof Map || v instanceof List)) {
      throw new InvalidInputException(field, "nests deeper than " + MAX_DEPTH + " levels");
    }
    if (v instanceof Map<?, ?> m) {
      return map(field, m, depth + 1);
    }
    if (v instanceof List<?> l) {
      if (l.size() > MAX_ENTRIES) {
        throw new InvalidInputException(field, "must have at most " + MAX_ENTRIES + " items");
      }
      List<Object> out = new ArrayList<>();
      for (Object item : l) {
        Object n = value(field, item, depth + 1);
        if (n != null) {
          out.add(n);
        }
      }
      return out;
    }
    throw new InvalidInputException(field, "has a value of an unsupported type");
  }
}
