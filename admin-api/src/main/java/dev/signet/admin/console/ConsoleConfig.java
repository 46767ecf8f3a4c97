package dev.signet.admin.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The admin console ({@code /console}): an OIDC client of token-service. The quarkus.oidc.* and
 * session settings in application.properties read these, so deployments set only these keys.
 */
@ConfigMapping(prefix = "signet.admin.console")
public interface ConsoleConfig {

  /** token-service's issuer URL, where the console finds discovery (default: signet.issuer). */
  Optional<String> issuerUrl();

  /** The console's client id at token-service (a confidential client, code + PKCE). */
  @WithDefault("signet-console")
  String clientId();

  /** The console client's secret at token-service; also keys the encrypted session cookie. */
  Optional<String> clientSecret();

  /** Secure flag on the session cookie; only a loopback (http) setup turns it off. */
  @WithDefault("true")
  boolean secureCookie();
}
