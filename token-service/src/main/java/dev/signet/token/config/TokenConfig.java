package dev.signet.token.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the token service; every one can be set from the environment as SIGNET_TOKEN_... */
@ConfigMapping(prefix = "signet.token")
public interface TokenConfig {

  /** Where keyring-service publishes the verification keys, advertised in discovery. */
  @WithDefault("http://127.0.0.1:8082/.well-known/jwks.json")
  String jwksUri();

  /**
   * Scopes advertised in discovery ({@code scopes_supported}); none by default. The reserved {@code
   * signet:} scopes are never advertised, even when listed here.
   */
  Optional<List<String>> scopesSupported();

  /**
   * Audience of a client_credentials token when the request names none and the account has no
   * allowed audiences; the issuer when unset.
   */
  Optional<String> defaultAudience();

  /**
   * How long a looked-up service account is reused before it is read again. Changes made through
   * admin-api drop the entry at once (LISTEN/NOTIFY); this bounds staleness when that is down.
   */
  @WithDefault("60s")
  Duration clientCacheTtl();

  /**
   * How long the token policy is reused before it is read again. Edits drop it at once on every
   * replica (LISTEN/NOTIFY); this bounds staleness when that is down.
   */
  @WithDefault("60s")
  Duration policyCacheTtl();

  /** Longest lifetime accepted for a private_key_jwt client assertion (exp minus now). */
  @WithDefault("5m")
  Duration clientAssertionMaxLifetime();

  /**
   * Failed client authentications per client id and minute before that id is refused (429, even
   * with the right secret) for the rest of the minute; 0 turns the throttle off.
   */
  @WithDefault("10")
  int authFailuresPerMinute();

  /**
   * The public client the signet CLI uses, there from first start: no secret, key login, the device
   * grant and refresh only. Its id must not name a service account (that one would be shadowed).
   * Set it empty to have no public client.
   */
  @WithDefault("signet-cli")
  Optional<String> cliClientId();

  /** People's logins: key login (RFC 7523) and the device flow (RFC 8628). */
  Users users();

  /** The admin console, a confidential client of the authorization code grant. */
  Console console();

  /** Rate limits on /oauth2/token, /oauth2/introspect and /oauth2/revoke. */
  RateLimit rateLimit();

  /** Which client address the rate limits and IP allow-lists see. */
  ForwardedFor forwardedFor();

  /** Settings of people's logins. */
  interface Users {

    /**
     * Scopes each role gives a person, as {@code signet.token.users.role-scopes."<role>"=a,b}. A
     * role not listed gives the scope of its own name; {@code admin} gives signet:admin unless set.
     */
    Map<String, List<String>> roleScopes();

    /** Where a person enters a user code; {@code <issuer>/device} when unset. */
    Optional<String> verificationUri();

    /** How long a device code can be approved and polled. */
    @WithDefault("600s")
    Duration deviceCodeTtl();

    /** The polling interval given out (seconds); slow_down adds 5 to one device code's. */
    @WithDefault("5")
    int pollInterval();

    /** Device authorization requests per client address and minute (all replicas). */
    @WithDefault("30")
    int deviceAuthorizationsPerIpPerMinute();

    /** Polls of /oauth2/token with a device code per client address and minute (all replicas). */
    @WithDefault("120")
    int devicePollsPerIpPerMinute();

    /**
     * User codes looked up (shown, approved, denied) per address, and per person, in a window of
     * {@link #userCodeWindow()}; a right code uses up budget too, so a success never resets it.
     */
    @WithDefault("20")
    int userCodeAttemptsPerIp();

    @WithDefault("20")
    int userCodeAttemptsPerUser();

    @WithDefault("15m")
    Duration userCodeWindow();
  }

  /**
   * The admin console's client (admin-api /console, quarkus-oidc web-app): confidential, from
   * configuration, there only when a secret is set. Its redirect URIs match exactly.
   */
  interface Console {

    @WithDefault("signet-console")
    String clientId();

    /**
     * The console's client secret; held here only as its HMAC, compared like a service account's.
     * Unset: no console client.
     */
    Optional<String> secret();

    /** Exact redirect URIs, e.g. {@code http://127.0.0.1:8085/console}. */
    Optional<List<String>> redirectUris();
  }

  /** In-memory token buckets, per replica. */
  interface RateLimit {

    /** Whether requests are limited at all. */
    @WithDefault("true")
    boolean enabled();

    /** Requests per minute per client, unless the account sets its own rate_limit_per_minute. */
    @WithDefault("1200")
    int perClientPerMinute();

    /** Requests per minute per client IP address (per /64 for IPv6). */
    @WithDefault("6000")
    int perIpPerMinute();

    /**
     * Most buckets held at once (addresses and clients); when full, refilled buckets go first, then
     * the longest idle, so a flood of addresses cannot grow memory without bound.
     */
    @WithDefault("100000")
    int maxEntries();
  }

  /**
   * Forwarded / X-Forwarded-For handling; off by default so a client cannot pick its own address.
   */
  interface ForwardedFor {

    /** Whether Forwarded (RFC 7239) and X-Forwarded-For are read at all. */
    @WithDefault("false")
    boolean enabled();

    /**
     * Proxies (IP addresses or CIDR ranges) whose X-Forwarded-For is believed; the client is the
     * rightmost address in the header that is not one of them.
     */
    @WithDefault("127.0.0.1/32,::1/128")
    List<String> trustedProxies();
  }
}
