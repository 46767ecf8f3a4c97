package dev.signet.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Signet authorization server, found through its discovery document: the grants a client or a
 * person's CLI needs, each one form request to an endpoint the document names.
 */
public final class SignetClient {

  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
  public static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";
  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  /** Key-login assertions live this long; the server takes at most 5 minutes. */
  static final Duration KEY_ASSERTION_LIFETIME = Duration.ofSeconds(60);

  private final SignetHttp http;
  private final Discovery discovery;
  private final Clock clock;

  private SignetClient(SignetHttp http, Discovery discovery, Clock clock) {
    this.http = http;
    this.discovery = discovery;
    this.clock = clock;
  }

  /** Reads the issuer's discovery document (and fails when it is not that issuer's). */
  public static SignetClient connect(String issuer) {
    return connect(issuer, SignetHttp.defaults(), Clock.systemUTC());
  }

  public static SignetClient connect(String issuer, SignetHttp http, Clock clock) {
    return new SignetClient(http, Discovery.fetch(http, issuer), clock);
  }

  /** A client over an already read discovery document (tests of the flows' own checks). */
  static SignetClient of(SignetHttp http, Discovery discovery, Clock clock) {
    return new SignetClient(http, discovery, clock);
  }

  public Discovery discovery() {
    return discovery;
  }

  public SignetHttp http() {
    return http;
  }

  public Clock clock() {
    return clock;
  }

  /** {@code client_credentials}; {@code scope} and {@code audience} may be null. */
  public Tokens clientCredentials(ClientAuthentication client, String scope, String audience) {
    Map<String, String> form = form("client_credentials");
    form.put("scope", scope);
    form.put("audience", audience);
    return token(client, form);
  }

  /** {@code refresh_token}: the answer carries the rotated refresh token; keep it. */
  public Tokens refresh(ClientAuthentication client, String refreshToken, String scope) {
    Map<String, String> form = form("refresh_token");
    form.put("refresh_token", refreshToken);
    form.put("scope", scope);
    return token(client, form).keepingRefresh(refreshToken);
  }

  /**
   * Key login (RFC 7523 {@code jwt-bearer}): an assertion with iss = sub = the user, aud = the
   * issuer, signed by the user's enrolled key {@code keyId}.
   */
  public Tokens keyLogin(
      ClientAuthentication client,
      String userId,
      PrivateKey key,
      String keyId,
      String algorithm,
      String scope) {
    Map<String, String> form = form(JWT_BEARER);
    form.put(
        "assertion",
        ClientAuthentication.Assertions.sign(
            userId,
            userId,
            discovery.issuer(),
            key,
            keyId,
            algorithm,
            KEY_ASSERTION_LIFETIME,
            clock));
    form.put("scope", scope);
    return token(client, form);
  }

  /**
   * RFC 8693 token exchange. {@code client} may be null: a federated subject token (a GitHub
   * Actions or Kubernetes token) is itself the credential.
   */
  public Tokens exchange(ClientAuthentication client, Exchange exchange) {
    Map<String, String> form = form(Discovery.TOKEN_EXCHANGE);
    form.put("subject_token", exchange.subjectToken());
    form.put("subject_token_type", exchange.subjectTokenType());
    form.put("actor_token", exchange.actorToken());
    form.put("actor_token_type", exchange.actorToken() == null ? null : ACCESS_TOKEN_TYPE);
    form.put("audience", exchange.audience());
    form.put("scope", exchange.scope());
    form.put("requested_token_type", exchange.requestedTokenType());
    return token(client, form);
  }

  /**
   * What to exchange: only {@code subjectToken} and {@code subjectTokenType} are required.
   *
   * @param actorToken the agent's own token, for a delegated token ({@code act})
   */
  public record Exchange(
      String subjectToken,
      String subjectTokenType,
      String actorToken,
      String audience,
      String scope,
      String requestedTokenType) {

    public static Exchange of(String subjectToken, String subjectTokenType) {
      return new Exchange(subjectToken, subjectTokenType, null, null, null, null);
    }

    public Exchange audience(String value) {
      return new Exchange(
          subjectToken, subjectTokenType, actorToken, value, scope, requestedTokenType);
    }

    public Exchange scope(String value) {
      return new Exchange(
          subjectToken, subjectTokenType, actorToken, audience, value, requestedTokenType);
    }

    public Exchange actor(String value) {
      return new Exchange(
          subjectToken, subjectTokenType, value, audience, scope, requestedTokenType);
    }

    @Override
    public String toString() {
      return "Exchange[" + subjectTokenType + ", audience=" + audience + ", scope=" + scope + "]";
    }
  }

  /** RFC 7009 revocation; the server answers 200 for unknown tokens too. */
  public void revoke(ClientAuthentication client, String token, String tokenTypeHint) {
    if (discovery.revocationEndpoint() == null) {
      throw new TransportException(discovery.issuer() + " advertises no revocation", 0, null);
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", token);
    form.put("token_type_hint", tokenTypeHint);
    SignetHttp.Basic basic = client == null ? null : client.apply(form, discovery, clock);
    try {
      http.postForm(discovery.revocationEndpoint(), form, basic);
    } catch (TransportException e) {
      // RFC 7009 answers 200 with an empty body: not JSON, still a success.
      if (e.status() / 100 != 2) {
        throw e;
      }
    }
  }

  /** RFC 7662 introspection (the caller needs a client allowed to introspect). */
  public JsonNode introspect(ClientAuthentication client, String token) {
    if (discovery.introspectionEndpoint() == null) {
      throw new TransportException(discovery.issuer() + " advertises no introspection", 0, null);
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", token);
    return http.postForm(
        discovery.introspectionEndpoint(), form, client.apply(form, discovery, clock));
  }

  /** The device flow (RFC 8628) of this server. */
  /** Authorization code with PKCE through the person's browser and a loopback redirect. */
  public BrowserLogin browserLogin(ClientAuthentication client) {
    return new BrowserLogin(this, client);
  }

  public DeviceFlow deviceFlow(ClientAuthentication client) {
    return new DeviceFlow(this, client);
  }

  /** A cached, single-flight {@code client_credentials} token for a service account. */
  public TokenSource serviceAccount(ClientAuthentication client, String scope, String audience) {
    return new ServiceAccountTokenSource(this, client, scope, audience);
  }

  /**
   * A token source that refreshes {@code initial} when it is due and hands every rotated answer to
   * {@code store} (RFC 9700: the previous refresh token is dead once used).
   */
  public RefreshingTokenSource refreshing(
      ClientAuthentication client, Tokens initial, java.util.function.Consumer<Tokens> store) {
    return new RefreshingTokenSource(this, client, initial, store);
  }

  Tokens token(ClientAuthentication client, Map<String, String> form) {
    SignetHttp.Basic basic = client == null ? null : client.apply(form, discovery, clock);
    return Tokens.from(http.postForm(discovery.tokenEndpoint(), form, basic), clock);
  }

  static Map<String, String> form(String grantType) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", grantType);
    return form;
  }
}
