package dev.signet.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the shared PostgreSQL lives; the Quarkus datasource settings are derived from it. */
@ConfigMapping(prefix = "signet.db")
public interface DatabaseConfig {

  /** Server and database as {@code postgresql://host:port/db} (env {@code SIGNET_DB_URL}). */
  @WithDefault("postgresql://127.0.0.1:5432/signet")
  String url();

  /** Database user (env {@code SIGNET_DB_USERNAME}). */
  @WithDefault("postgres")
  String username();

  /** Database password (env {@code SIGNET_DB_PASSWORD}); empty for trust auth. */
  java.util.Optional<String> password();

  /** Whether this service applies migrations at start (false on Kubernetes, where a Job does). */
  @WithDefault("true")
  boolean migrateAtStart();
}
