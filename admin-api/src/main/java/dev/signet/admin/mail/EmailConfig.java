package dev.signet.admin.mail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** How admin-api sends mail: through SES (SESv2 SendEmail) or only into its log. */
@ConfigMapping(prefix = "signet.email")
public interface EmailConfig {

  /** SES in production; LOG, the local default, records that a mail went out and to whom. */
  @WithDefault("LOG")
  Sender sender();

  /** The From address; for SES a verified identity. */
  @WithDefault("signet@localhost")
  String from();

  /** The SES region; absent, the SDK's default region chain decides (AWS_REGION, profile...). */
  Optional<String> region();

  /** Another SES endpoint (a VPC endpoint, or the test server). */
  Optional<URI> endpointOverride();

  /** Per call, including the SDK's retries. */
  @WithDefault("10s")
  Duration timeout();

  /**
   * The prod profile refuses to start with {@code LOG} (invites would silently go nowhere) unless
   * this says a log-only mailer is meant, as on a developer's machine.
   */
  @WithDefault("false")
  boolean allowLogInProduction();

  enum Sender {
    SES,
    LOG
  }
}
