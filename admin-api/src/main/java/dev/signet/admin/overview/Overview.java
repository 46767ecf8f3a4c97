package dev.signet.admin.overview;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The security overview: what exists, what happened lately, what is waiting. */
@Schema(
    name = "Overview",
    example =
        """
        {"generated_at": "2026-11-24T21:30:00Z",
         "service_accounts": {"active": 42, "disabled": 3},
         "users": {"active": 17, "invited": 2, "disabled": 1},
         "agents": {"active": 5},
         "keys": {"by_state": {"active": 1, "pending": 1, "previous": 1, "retired": 4, "revoked": 0},
                  "next_rotation_at": "2026-12-01T00:00:00Z"},
         "tokens_issued": {"last_hour": 5120, "last_day": 98211},
         "auth_failures": {"last_hour": 12, "last_day": 240},
         "incidents": {"open": 2, "acknowledged": 1},
         "certificates": {"issued": 310, "issued_last_day": 14, "revoked": 2},
         "outbox_backlog": {"token": 0, "keyring": 3}}""")
public record Overview(
    @JsonProperty("generated_at") Instant generatedAt,
    @JsonProperty("service_accounts") Accounts serviceAccounts,
    Users users,
    Agents agents,
    Keys keys,
    @JsonProperty("tokens_issued") Window tokensIssued,
    @JsonProperty("auth_failures") Window authFailures,
    Incidents incidents,
    Certificates certificates,
    @Schema(description = "Undelivered audit events per emitting service")
        @JsonProperty("outbox_backlog")
        Map<String, Long> outboxBacklog) {

  /** Service accounts by status; expired accounts do not count as active. */
  public record Accounts(long active, long disabled) {}

  /** Users by status. */
  public record Users(long active, long invited, long disabled) {}

  /** Distinct agents with an active credential. */
  public record Agents(long active) {}

  /** Signing keys by state and when the next key becomes active. */
  public record Keys(
      @JsonProperty("by_state") Map<String, Long> byState,
      @Schema(description = "A pending key's activation time, else active key + interval")
          @JsonProperty("next_rotation_at")
          Instant nextRotationAt) {}

  /** A count over the last hour and the last 24 hours. */
  public record Window(
      @JsonProperty("last_hour") long lastHour, @JsonProperty("last_day") long lastDay) {}

  /** Incidents not yet resolved. */
  public record Incidents(long open, long acknowledged) {}

  /** Certificates ever issued, issued in the last 24 hours, and revoked. */
  public record Certificates(
      long issued, @JsonProperty("issued_last_day") long issuedLastDay, long revoked) {}
}
