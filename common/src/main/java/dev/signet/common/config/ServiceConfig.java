package dev.signet.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Identity and HTTP limits of the running service. */
@ConfigMapping(prefix = "signet.service")
public interface ServiceConfig {

  /** Short service name written into audit events and outbox rows, e.g. {@code token}. */
  String name();

  /** Largest request body accepted, in bytes (env {@code SIGNET_SERVICE_MAX_BODY_BYTES}). */
  @WithDefault("65536")
  long maxBodyBytes();
}
