package dev.signet.token.device;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the person sees before deciding: which client asks, for which scopes, from which address and
 * agent, and when (RFC 8628 section 5.4: the person must be able to tell it is their device).
 */
public record DeviceRequestView(
    @JsonProperty("user_code") String userCode,
    @JsonProperty("client_id") String clientId,
    @JsonProperty("scope") String scope,
    @JsonProperty("requested_from") String requestedFrom,
    @JsonProperty("user_agent") String userAgent,
    @JsonProperty("requested_at") String requestedAt,
    @JsonProperty("expires_at") String expiresAt,
    @JsonProperty("status") String status) {

  static DeviceRequestView of(DeviceCode row) {
    return new DeviceRequestView(
        UserCodes.display(row.userCode()),
        row.clientId(),
        row.scope(),
        row.requestedIp(),
        row.userAgent(),
        row.createdAt().toString(),
        row.expiresAt().toString(),
        row.status());
  }
}
