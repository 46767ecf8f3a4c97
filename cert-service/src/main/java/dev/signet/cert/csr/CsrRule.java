package dev.signet.cert.csr;

/** The rules a CSR can break; each has its own problem type and status. */
public enum CsrRule {
  /** The body exceeds the size a CSR can reasonably have. */
  TOO_LARGE("too-large", 413),
  /** Not a PEM {@code CERTIFICATE REQUEST}, or its DER does not parse. */
  NOT_A_CSR("not-a-csr", 400),
  /** A certificate was sent where a request was expected. */
  CERTIFICATE_NOT_CSR("certificate-not-csr", 400),
  /** The CSR's self-signature does not verify against its own public key. */
  BAD_SIGNATURE("bad-signature", 400),
  /** The key type or size is not one Signet issues for. */
  WEAK_KEY("weak-key", 400),
  /** A client CSR asks for DNS, IP or e-mail names; client names come from the caller. */
  CLIENT_SAN("client-san", 400),
  /** A server CSR names neither a DNS name nor an IP address. */
  NO_NAMES("no-names", 400),
  /** A server CSR asks for a URI, e-mail or other name; server certificates carry DNS and IP. */
  SERVER_SAN("server-san", 400),
  /** A DNS name is not valid IDNA (UTS #46): bad punycode, disallowed code points, bad label. */
  INVALID_IDNA("invalid-idna", 400),
  /** A label mixes scripts or is confusable with another (UTS #39). */
  CONFUSABLE("confusable-name", 400),
  /** A {@code *} anywhere but as the whole left-most label. */
  WILDCARD_NOT_LEFT_MOST("wildcard-not-left-most", 400),
  /** A wildcard one or more labels below the level a {@code *.} pattern allows. */
  WILDCARD_TOO_DEEP("wildcard-too-deep", 403),
  /** A wildcard where no pattern of the account allows one. */
  WILDCARD_NOT_ALLOWED("wildcard-not-allowed", 403),
  /** A DNS name none of the account's patterns covers. */
  SAN_NOT_ALLOWED("san-not-allowed", 403),
  /** An IP address in none of the account's CIDRs. */
  IP_NOT_ALLOWED("ip-not-allowed", 403),
  /** A name outside the issuing CA's name constraints (RFC 5280 4.2.1.10). */
  NAME_CONSTRAINT("name-constraint", 403);

  private final String slug;
  private final int status;

  CsrRule(String slug, int status) {
    this.slug = slug;
    this.status = status;
  }

  public String slug() {
    return slug;
  }

  public int status() {
    return status;
  }
}
