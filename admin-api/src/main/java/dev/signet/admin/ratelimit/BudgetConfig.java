package dev.signet.admin.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Request budgets of admin-api's unauthenticated and mail-sending endpoints. Each is a number of
 * requests per window; 0 turns a budget off.
 */
@ConfigMapping(prefix = "signet.admin.rate-limit")
public interface BudgetConfig {

  /** Invitations one admin may send per window (each one is a mail). */
  @WithDefault("100")
  int invitesPerCaller();

  /** Redemption attempts per client address per window (right or wrong). */
  @WithDefault("30")
  int verifyPerAddress();

  /** Key bootstrap and registration calls per client address per window. */
  @WithDefault("30")
  int keysPerAddress();

  @WithDefault("1h")
  Duration window();

  /**
   * Proxies (the ingress) whose {@code Forwarded}/{@code X-Forwarded-For} name the client whose
   * budget a request draws on; without them every request counts for its peer address.
   */
  Optional<List<String>> trustedProxies();
}
