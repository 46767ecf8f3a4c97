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

  /**
   * Further origins the pages are served under besides the issuer's (a form POST's Origin must be
   * one of them). Passkeys cannot use an IP address as relying party, so a loopback setup whose
   * issuer is {@code http://127.0.0.1:8081} serves its pages as {@code http://localhost:8081} too.
   */
  Optional<java.util.List<String>> origins();

  /**
   * The one origin the pages are served under when the server has several names (a loopback setup
   * whose issuer is {@code http://127.0.0.1:8081} sets {@code http://localhost:8081}, since
   * passkeys refuse an IP address); a GET for a page under another name is sent there. Unset: pages
   * are served under any name.
   */
  Optional<String> canonicalOrigin();

  /** admin-api's base URL, for redeeming an invite from the welcome page. */
  Optional<String> adminApiUrl();

  /**
   * The session an invite opens lasts no longer than this: it is only for creating the first
   * passkey (and reading the key enrollment token once).
   */
  @WithDefault("15m")
  Duration inviteSessionLifetime();
}
