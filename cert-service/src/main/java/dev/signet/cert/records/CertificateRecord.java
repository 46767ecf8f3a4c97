package dev.signet.cert.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code certificates} as the API shows it (the PEM only when one is asked for). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CertificateRecord(
    @JsonProperty("serial_number") String serialNumber,
    String kind,
    @JsonProperty("subject_dn") String subjectDn,
    List<String> sans,
    String issuer,
    @JsonProperty("ca_arn") String caArn,
    @JsonProperty("template_arn") String templateArn,
    @JsonProperty("requested_by") String requestedBy,
    @JsonProperty("build_session_id") UUID buildSessionId,
    String status,
    @JsonProperty("not_before") Instant notBefore,
    @JsonProperty("not_after") Instant notAfter,
    @JsonProperty("revoked_at") Instant revokedAt,
    @JsonProperty("revoke_reason") String revokeReason,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("certificate_pem") String certificatePem) {

  static final String COLUMNS =
      "serial_number, kind, subject_dn, sans, issuer_kind, ca_arn, template_arn, requested_by,"
          + " build_session_id, status, not_before, not_after, revoked_at, revoke_reason,"
          + " created_at";

  static CertificateRecord from(Row row, boolean withPem) {
    return new CertificateRecord(
        row.getString("serial_number"),
        row.getString("kind"),
        row.getString("subject_dn"),
        List.of(row.getArrayOfStrings("sans")),
        row.getString("issuer_kind"),
        row.getString("ca_arn"),
        row.getString("template_arn"),
        row.getString("requested_by"),
        row.getUUID("build_session_id"),
        row.getString("status"),
        instant(row, "not_before"),
        instant(row, "not_after"),
        instant(row, "revoked_at"),
        row.getString("revoke_reason"),
        instant(row, "created_at"),
        withPem ? row.getString("certificate_pem") : null);
  }

  private static Instant instant(Row row, String column) {
    var value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
