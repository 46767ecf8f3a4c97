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
   * The link the mail carries, without its query: the page that redeems {@code
   * ?invite=<id>&token=<token>}, by default token-service's welcome page (it creates the person's
   * passkey, and passkeys need a host name, hence localhost rather than 127.0.0.1). This API's own
   * {@code /v1/verify} also takes the query, for setups without pages.
   */
  @WithDefault("http://localhost:8081/welcome")
  String verifyUrl();
}
