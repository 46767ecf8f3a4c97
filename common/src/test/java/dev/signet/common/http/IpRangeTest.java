package dev.signet.common.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpRangeTest {

  @Test
  void literalsAndRangesParseAndMatch() {
    assertTrue(IpRange.parse("10.0.0.0/8").orElseThrow().contains("10.1.2.3"));
    assertFalse(IpRange.parse("10.0.0.0/8").orElseThrow().contains("11.0.0.1"));
    assertTrue(IpRange.parse("2001:db8::/32").orElseThrow().contains("[2001:db8::1]"));
  }

  @Test
  void dottedValuesThatAreNoAddressAreRefusedWithoutAHostLookup() {
    // InetAddress would treat these as host names and resolve them.
    assertTrue(IpRange.literal("999.1.1.1").isEmpty());
    assertTrue(IpRange.literal("1.2.3.256").isEmpty());
    assertTrue(IpRange.parse("256.0.0.0/8").isEmpty());
    assertTrue(IpRange.literal("example.com").isEmpty());
    assertTrue(IpRange.literal("1.2.3.4/8").isEmpty());
  }
}
