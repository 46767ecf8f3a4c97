package dev.signet.token.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** The token service's counters, under the metric names fixed in TEAM-NOTES. */
// At startup, so the counters are on /q/metrics (at zero) before the first token.
@Startup
@ApplicationScoped
public class TokenMetrics {

  private final MeterRegistry registry;
  private final Counter reuseIncidents;

  TokenMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.reuseIncidents =
        Counter.builder("signet.refresh.reuse.incidents")
            .description("Refresh tokens presented again after rotation (family revoked)")
            .register(registry);
  }

  /** {@code signet_tokens_issued_total{grant,client_id}}. */
  public void issued(String grant, String clientId) {
    registry.counter("signet.tokens.issued", "grant", grant, "client_id", clientId).increment();
  }

  /** {@code signet_auth_failures_total{reason}}. */
  public void authFailure(String reason) {
    registry.counter("signet.auth.failures", "reason", reason).increment();
  }

  /**
   * {@code signet_federation_exchanges_total{trust,rule,outcome}}: outcome is {@code issued} or the
   * failed check. Trust and rule are names an admin wrote ({@code none} before one was found), so a
   * caller cannot grow the label set.
   */
  public void federatedExchange(String trust, String rule, String outcome) {
    registry
        .counter(
            "signet.federation.exchanges",
            "trust",
            trust == null ? "none" : trust,
            "rule",
            rule == null ? "none" : rule,
            "outcome",
            outcome)
        .increment();
  }

  /**
   * {@code signet_delegated_tokens_issued_total{depth,via}}: delegated tokens by the hop they are
   * (1 for the first actor) and what allowed them ({@code grant} or {@code may_act}).
   */
  public void delegatedIssued(int depth, String via) {
    registry
        .counter("signet.delegated.tokens.issued", "depth", String.valueOf(depth), "via", via)
        .increment();
  }

  /**
   * {@code signet_delegated_token_refusals_total{reason}}: refused delegated exchanges; the reason
   * is one of a fixed set (scope, audience, depth, cycle, revoked, expired, unknown_grant, lineage,
   * no_grant, denied, unavailable).
   */
  public void delegationRefused(String reason) {
    registry.counter("signet.delegated.token.refusals", "reason", reason).increment();
  }

  /**
   * {@code signet_user_logins_total{method,outcome}}: method {@code key} (RFC 7523) or {@code
   * device}; outcome {@code success} or the fixed reason a login was refused.
   */
  public void userLogin(String method, String outcome) {
    registry.counter("signet.user.logins", "method", method, "outcome", outcome).increment();
  }

  /**
   * {@code signet_device_flow_total{event}}: {@code authorized} (a device code handed out), {@code
   * approved}, {@code denied}, {@code token_issued}, {@code user_code_miss}.
   */
  public void deviceFlow(String event) {
    registry.counter("signet.device.flow", "event", event).increment();
  }

  /** {@code signet_refresh_reuse_incidents_total}. */
  public void reuseIncident() {
    reuseIncidents.increment();
  }
}
