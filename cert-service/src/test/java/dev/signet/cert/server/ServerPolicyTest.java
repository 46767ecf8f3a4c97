package dev.signet.cert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.cert.csr.CsrRejected;
import dev.signet.cert.csr.CsrRule;
import dev.signet.common.http.IpRange;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ServerPolicyTest {

  private static ServerPolicy policy(boolean wildcards, String... patterns) {
    List<String> cidrs = List.of("10.1.0.0/16", "2001:db8:1::/48");
    return new ServerPolicy(
        "svc",
        List.of(patterns).stream().map(DnsName::parse).toList(),
        cidrs.stream().map(c -> IpRange.parse(c).orElseThrow()).toList(),
        cidrs,
        wildcards);
  }

  @Test
  void exactPatternsCoverOnlyThemselves() {
    ServerPolicy p = policy(false, "api.a.example");
    p.checkDns(DnsName.parse("API.a.example"));
    assertRule(CsrRule.SAN_NOT_ALLOWED, () -> p.checkDns(DnsName.parse("x.api.a.example")));
    assertRule(CsrRule.SAN_NOT_ALLOWED, () -> p.checkDns(DnsName.parse("a.example")));
  }

  @Test
  void aStarPatternCoversExactlyOneLabelOnALabelBoundary() {
    ServerPolicy p = policy(false, "*.a.example");
    p.checkDns(DnsName.parse("x.a.example"));
    assertRule(CsrRule.SAN_NOT_ALLOWED, () -> p.checkDns(DnsName.parse("b.c.a.example")));
    assertRule(CsrRule.SAN_NOT_ALLOWED, () -> p.checkDns(DnsName.parse("a.example")));
    assertRule(CsrRule.SAN_NOT_ALLOWED, () -> p.checkDns(DnsName.parse("evila.example")));
    assertRule(CsrRule.SAN_NOT_ALLOWED, () -> p.checkDns(DnsName.parse("x.a.example.org")));
  }

  @Test
  void wildcardNamesOnlyWhereThePatternAllowsThem() {
    ServerPolicy allows = policy(true, "*.a.example");
    allows.checkDns(DnsName.parse("*.a.example"));
    assertRule(CsrRule.WILDCARD_TOO_DEEP, () -> allows.checkDns(DnsName.parse("*.b.a.example")));
    assertRule(CsrRule.WILDCARD_NOT_ALLOWED, () -> allows.checkDns(DnsName.parse("*.example")));
    ServerPolicy refuses = policy(false, "*.a.example");
    assertRule(CsrRule.WILDCARD_NOT_ALLOWED, () -> refuses.checkDns(DnsName.parse("*.a.example")));
    ServerPolicy exact = policy(true, "api.a.example");
    assertRule(CsrRule.WILDCARD_NOT_ALLOWED, () -> exact.checkDns(DnsName.parse("*.a.example")));
  }

  @Test
  void unicodeAndALabelFormsMatchTheSamePattern() {
    ServerPolicy p = policy(false, "*.münchen.example");
    p.checkDns(DnsName.parse("api.xn--mnchen-3ya.example"));
  }

  @Test
  void ipAddressesOnlyFromTheCidrs() {
    ServerPolicy p = policy(false, "api.a.example");
    p.checkIp("10.1.255.7");
    p.checkIp("2001:db8:1:0:0:0:0:9");
    assertRule(CsrRule.IP_NOT_ALLOWED, () -> p.checkIp("10.2.0.1"));
    assertRule(CsrRule.IP_NOT_ALLOWED, () -> p.checkIp("2001:db8:2:0:0:0:0:1"));
  }

  private static void assertRule(CsrRule rule, Executable call) {
    assertEquals(rule, assertThrows(CsrRejected.class, call).rule());
  }
}
