package dev.signet.token.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the pages people see (sessions, passkeys, the device page). */
@ConfigMapping(prefix = "signet.token.pages")
public interface PagesConfig {

  /** A session unused this long is over. */
  @WithDefault("15m")
  Duration sessionIdleTimeout();

  /** A session is over this long after sign-in, however busy. */
  @WithDefault("12h")
  Duration sessionLifetime();

  /** admin-api's base URL, for redeeming an invite from the welcome page. */
  Optional<String> adminApiUrl();
}
