package dev.signet.delegation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the delegation service. Scopes, policies and grants live in the database and are
 * edited over the API; these settings only shape how the service starts.
 */
@ConfigMapping(prefix = "signet.delegation")
public interface DelegationConfig {

  /**
   * YAML file of scopes to create or update at start (env {@code SIGNET_DELEGATION_SEED_FILE}):
   * {@code scopes: [{name, description, sensitive, implies: [...]}]}. Applying it again changes
   * nothing; scopes missing from it are left alone. A file naming an unknown implied scope or
   * closing a cycle fails the start.
   */
  Optional<Path> seedFile();

  /**
   * How long a replica keeps its compiled policy set when no change notification arrives. Every
   * policy write notifies all replicas at commit; this only bounds staleness while LISTEN is down.
   */
  @WithDefault("30s")
  Duration policyCacheTtl();
}
