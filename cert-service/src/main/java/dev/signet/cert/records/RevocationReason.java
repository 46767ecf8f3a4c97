package dev.signet.cert.records;

import java.util.Arrays;
import java.util.Optional;

/** RFC 5280 CRLReason codes a caller may give, by their snake_case names (PCA has the same set). */
public enum RevocationReason {
  UNSPECIFIED(0),
  KEY_COMPROMISE(1),
  CA_COMPROMISE(2),
  AFFILIATION_CHANGED(3),
  SUPERSEDED(4),
  CESSATION_OF_OPERATION(5),
  PRIVILEGE_WITHDRAWN(9);

  private final int code;

  RevocationReason(int code) {
    this.code = code;
  }

  /** The CRLReason code. */
  public int code() {
    return code;
  }

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The reason as AWS Private CA's RevokeCertificate spells it. */
  public String pca() {
    return this == CA_COMPROMISE ? "CERTIFICATE_AUTHORITY_COMPROMISE" : name();
  }

  public static Optional<RevocationReason> of(String wire) {
    return Arrays.stream(values()).filter(r -> r.wire().equals(wire)).findFirst();
  }
}
