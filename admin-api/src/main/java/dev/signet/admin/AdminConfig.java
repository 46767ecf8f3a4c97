package dev.signet.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of admin-api (prefix {@code signet.admin}, env {@code SIGNET_ADMIN_...}). */
@ConfigMapping(prefix = "signet.admin")
public interface AdminConfig {

  /** How long a rotated-out client secret keeps working when the request names no overlap. */
  @WithDefault("24h")
  Duration secretRotationOverlap();

  /** Longest overlap an admin may ask for when rotating a client secret. */
  @WithDefault("30d")
  Duration secretRotationMaxOverlap();

  /** How often expired previous client secrets are dropped. */
  @WithDefault("1m")
  Duration secretSweepInterval();

  /** Largest page any list endpoint returns. */
  @WithDefault("200")
  int maxPageSize();

  /** Base URL of token-service's internal API (env {@code SIGNET_ADMIN_TOKEN_SERVICE_URL}). */
  @WithDefault("http://127.0.0.1:8081")
  String tokenServiceUrl();

  /**
   * Base URL of keyring-service's admin API, which the console's keys page calls with the signed-in
   * person's own access token (env {@code SIGNET_ADMIN_KEYRING_URL}).
   */
  @WithDefault("http://127.0.0.1:8082")
  String keyringUrl();

  /** The first admin credential (env SIGNET_BOOTSTRAP_CLIENT_ID / _SECRET), scope signet:admin. */
  SeededAccount bootstrap();

  /**
   * One internal account per Signet service, keyed by service name (token, keyring, delegation,
   * cert, admin), e.g. env {@code SIGNET_ADMIN_INTERNAL_ACCOUNTS__TOKEN__CLIENT_ID}. Each is seeded
   * with scope signet:internal and remembered as that service's: the audit intake takes an event's
   * service from it. Each service itself reads its own pair from {@code signet.internal.*}.
   */
  InternalAccounts internalAccounts();

  /**
   * The internal accounts, one group per service. Named groups rather than a map: SmallRye cannot
   * tell a map key from the rest of a property name in an environment variable, so a map filled
   * from the environment would refuse start with "does not map to any root".
   */
  interface InternalAccounts {
    SeededAccount token();

    SeededAccount keyring();

    SeededAccount delegation();

    SeededAccount cert();

    SeededAccount admin();

    /** Service name to its account, in a fixed order. */
    default Map<String, SeededAccount> byService() {
      Map<String, SeededAccount> accounts = new LinkedHashMap<>();
      accounts.put("admin", admin());
      accounts.put("cert", cert());
      accounts.put("delegation", delegation());
      accounts.put("keyring", keyring());
      accounts.put("token", token());
      return accounts;
    }
  }

  /** Which audit event types the overview counts. */
  Overview overview();

  /** A service account created from configuration at start, only when both values are set. */
  interface SeededAccount {
    /** Client id of the account; unset means the account is not seeded. */
    Optional<String> clientId();

    /** Client secret of the account; stored only as a versioned HMAC. */
    Optional<String> clientSecret();
  }

  /** Audit event types behind the overview's token and failure counters. */
  interface Overview {
    /** Event types that mean a token was issued. */
    @WithDefault("token.issued")
    List<String> issuedEventTypes();

    /** Event types that mean an authentication failed. */
    @WithDefault("auth.failed,client.authentication_failed")
    List<String> authFailureEventTypes();
  }
}
