package dev.signet.admin.invites;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Invites: how long a link works and where it points. */
@ConfigMapping(prefix = "signet.invites")
public interface InviteConfig {

  /** How long an invite can be redeemed. */
  @WithDefault("72h")
  Duration ttl();

  /**
   * The link the mail carries, without its query: the page (or this API's {@code /v1/verify}) that
   * redeems {@code ?invite=<id>&token=<token>}.
   */
  @WithDefault("http://127.0.0.1:8085/v1/verify")
  String verifyUrl();
}
