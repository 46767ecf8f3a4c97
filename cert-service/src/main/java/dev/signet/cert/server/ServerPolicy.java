package dev.signet.cert.server;

import dev.signet.cert.csr.CsrRejected;
import dev.signet.cert.csr.CsrRule;
import dev.signet.common.http.IpRange;
import java.util.List;

/**
 * What one service account may name in a server certificate. A pattern is an exact name ({@code
 * api.a.example}) or {@code *.} plus a base, which covers exactly one more label ({@code
 * x.a.example}, never {@code b.c.a.example}, never {@code a.example} itself). A wildcard name
 * ({@code *.a.example}) is only granted when {@link #allowWildcards} is set and a {@code
 * *.a.example} pattern names that very level. Matching is on whole labels of the A-label forms,
 * case-folded.
 *
 * @param account the service account (token subject) the policy is for
 * @param dnsPatterns patterns, already parsed
 * @param ipRanges CIDRs an IP SAN must lie in
 * @param ipCidrs the CIDRs as written (for answers and audit)
 * @param allowWildcards whether {@code *.} patterns also grant the wildcard name itself
 */
public record ServerPolicy(
    String account,
    List<DnsName> dnsPatterns,
    List<IpRange> ipRanges,
    List<String> ipCidrs,
    boolean allowWildcards) {

  /**
   * Checks a requested name against the patterns.
   *
   * @throws CsrRejected {@code san-not-allowed}, {@code wildcard-too-deep} or {@code
   *     wildcard-not-allowed}
   */
  public void checkDns(DnsName name) {
    if (name.wildcard()) {
      checkWildcard(name);
      return;
    }
    for (DnsName pattern : dnsPatterns) {
      if (!pattern.wildcard() && pattern.ascii().equals(name.ascii())) {
        return;
      }
      if (pattern.wildcard() && oneLabelBelow(name.ascii(), pattern.ascii())) {
        return;
      }
    }
    String detail = "'" + name.text() + "' is not covered by the account's DNS patterns";
    if (dnsPatterns.stream()
        .anyMatch(p -> p.wildcard() && name.ascii().endsWith("." + p.ascii()))) {
      detail += " (a '*.' pattern covers exactly one label)";
    }
    throw new CsrRejected(CsrRule.SAN_NOT_ALLOWED, detail);
  }

  private void checkWildcard(DnsName name) {
    for (DnsName pattern : dnsPatterns) {
      if (pattern.wildcard() && pattern.ascii().equals(name.ascii())) {
        if (allowWildcards) {
          return;
        }
        throw new CsrRejected(
            CsrRule.WILDCARD_NOT_ALLOWED,
            "'" + name.text() + "': this account may not obtain wildcard certificates");
      }
    }
    for (DnsName pattern : dnsPatterns) {
      if (pattern.wildcard() && name.ascii().endsWith("." + pattern.ascii())) {
        throw new CsrRejected(
            CsrRule.WILDCARD_TOO_DEEP,
            "'"
                + name.text()
                + "' is deeper than the pattern '"
                + pattern.text()
                + "' allows a wildcard");
      }
    }
    throw new CsrRejected(
        CsrRule.WILDCARD_NOT_ALLOWED,
        "'" + name.text() + "': no '*.' pattern of the account allows this wildcard");
  }

  /** Whether an IP SAN lies in one of the account's CIDRs. */
  public void checkIp(String ip) {
    for (IpRange range : ipRanges) {
      if (range.contains(ip)) {
        return;
      }
    }
    throw new CsrRejected(
        CsrRule.IP_NOT_ALLOWED, "IP address " + ip + " is in none of the account's CIDRs");
  }

  /** {@code host} is {@code <one label>.<base>}: label boundary, exactly one more label. */
  static boolean oneLabelBelow(String host, String base) {
    if (!host.endsWith("." + base)) {
      return false;
    }
    String label = host.substring(0, host.length() - base.length() - 1);
    return !label.isEmpty() && label.indexOf('.') < 0;
  }
}
