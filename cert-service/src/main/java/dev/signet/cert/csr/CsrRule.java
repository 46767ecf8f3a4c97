package dev.signet.cert.csr;

/** The rules a CSR can break; each has its own problem type. */
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
  CLIENT_SAN("client-san", 400);

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
