package dev.signet.token.authorize;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Settings of the authorization endpoint and its consent page. */
@ConfigMapping(prefix = "signet.token.authorize")
public interface AuthorizeConfig {

  /**
   * How long a consent page may be answered. The pending request travels signed inside the page,
   * bound to the session, and is refused after this.
   */
  @WithDefault("10m")
  Duration consentTtl();

  /**
   * The consent page's words for a scope, as {@code signet.token.authorize.scope-descriptions."
   * <scope>"=Read your orders}. A scope without words is shown by its name.
   */
  Map<String, String> scopeDescriptions();
}
