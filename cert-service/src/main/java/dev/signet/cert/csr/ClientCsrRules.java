package dev.signet.cert.csr;

/**
 * Rules for client certificates: the subject and the single {@code spiffe://} URI SAN come from the
 * caller's identity, so the CSR may ask for no names at all (its subject is ignored).
 */
public final class ClientCsrRules {

  private ClientCsrRules() {}

  /** Throws {@link CsrRejected} with {@link CsrRule#CLIENT_SAN} if the CSR requests any SAN. */
  public static ParsedCsr check(ParsedCsr csr) {
    if (!csr.dnsNames().isEmpty()) {
      throw new CsrRejected(CsrRule.CLIENT_SAN, "client certificates carry no DNS names");
    }
    if (!csr.ipAddresses().isEmpty()) {
      throw new CsrRejected(CsrRule.CLIENT_SAN, "client certificates carry no IP addresses");
    }
    if (!csr.otherNames().isEmpty()) {
      throw new CsrRejected(
          CsrRule.CLIENT_SAN,
          "client certificates carry only the URI derived from the caller's identity");
    }
    return csr;
  }
}
