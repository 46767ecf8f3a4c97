package dev.signet.token.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Batched service-account usage reporting to admin-api; env SIGNET_USAGE_... */
@ConfigMapping(prefix = "signet.usage")
public interface UsageConfig {

  /** Whether usage is reported at all (env SIGNET_USAGE_ENABLED). */
  @WithDefault("true")
  boolean enabled();

  /**
   * admin-api's base URL; usage goes to {@code /internal/v1/service-accounts/usage} (env
   * SIGNET_USAGE_ADMIN_URL).
   */
  @WithDefault("http://127.0.0.1:8085")
  String adminUrl();

  /** How often the counts gathered since the last flush are sent (env SIGNET_USAGE_FLUSH_EVERY). */
  @WithDefault("5s")
  Duration flushEvery();

  /**
   * Most distinct clients held between flushes; further new clients are not counted until a flush
   * succeeds, so an unreachable admin-api cannot grow memory without bound.
   */
  @WithDefault("100000")
  int maxClients();
}
