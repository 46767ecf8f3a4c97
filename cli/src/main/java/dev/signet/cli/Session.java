package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.cli.store.FileTokenStore;
import dev.signet.cli.store.KeyringTokenStore;
import dev.signet.cli.store.TokenStore;
import dev.signet.client.ClientAuthentication;
import dev.signet.client.SignetClient;
import dev.signet.client.SignetHttp;
import dev.signet.client.TokenSource;
import dev.signet.client.Tokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a command needs, resolved once: flags first, then environment variables, then the
 * profile in {@code config.toml}. With {@code SIGNET_CLIENT_ID} and {@code SIGNET_CLIENT_SECRET}
 * set, every command acts as that service account and no login is involved (CI).
 */
final class Session {

  /** The public client every Signet has from first start; the CLI's identity. */
  static final String CLI_CLIENT = "signet-cli";

  final Map<String, String> env;
  final GlobalOptions options;
  final Path configDir;
  final CliConfig config;
  final String profile;
  private SignetClient signet;
  private TokenStore store;
  private TokenSource tokens;

  Session(GlobalOptions options, Map<String, String> env) {
    this.options = options;
    this.env = env;
    this.configDir = CliConfig.directory(env);
    this.config = CliConfig.load(configDir);
    this.profile = first(options.profile, env.get("SIGNET_PROFILE"), config.currentProfile());
  }

  String issuer() {
    String issuer = first(options.issuer, env.get("SIGNET_ISSUER"), config.get(profile, "issuer"));
    if (issuer == null) {
      throw new CliException(
          ExitCodes.USAGE,
          "no issuer: pass --issuer URL, set SIGNET_ISSUER, or run `signet login --issuer URL`");
    }
    return issuer;
  }

  /** admin-api's base URL: --admin-url, SIGNET_ADMIN_URL or the profile's {@code admin_url}. */
  URI adminUrl() {
    return base("admin_url", options.adminUrl, "SIGNET_ADMIN_URL", "--admin-url");
  }

  /** keyring-service's base URL, for the signing-key commands. */
  URI keyringUrl() {
    return base("keyring_url", options.keyringUrl, "SIGNET_KEYRING_URL", "--keyring-url");
  }

  private URI base(String key, String flag, String variable, String option) {
    String url = first(flag, env.get(variable), config.get(profile, key));
    if (url == null) {
      throw new CliException(
          ExitCodes.USAGE,
          "no "
              + key
              + ": pass "
              + option
              + ", set "
              + variable
              + ", or run `signet login` with "
              + option);
    }
    return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  SignetClient signet() {
    if (signet == null) {
      signet = SignetClient.connect(issuer());
    }
    return signet;
  }

  SignetHttp http() {
    return signet().http();
  }

  boolean serviceAccountMode() {
    return env.get("SIGNET_CLIENT_ID") != null && env.get("SIGNET_CLIENT_SECRET") != null;
  }

  /** The client the CLI speaks as: the service account of the environment, or signet-cli. */
  ClientAuthentication client() {
    if (serviceAccountMode()) {
      return ClientAuthentication.secret(
          env.get("SIGNET_CLIENT_ID"), env.get("SIGNET_CLIENT_SECRET"));
    }
    return ClientAuthentication.publicClient(
        first(env.get("SIGNET_CLIENT_ID"), config.get(profile, "client_id"), CLI_CLIENT));
  }

  TokenStore store() {
    if (store == null) {
      String kind =
          first(
              options.tokenStore,
              env.get("SIGNET_TOKEN_STORE"),
              config.get(profile, "token_store"),
              "auto");
      Optional<KeyringTokenStore> keyring = KeyringTokenStore.available(env);
      store =
          switch (kind) {
            case "keyring" ->
                keyring.orElseThrow(
                    () ->
                        new CliException(
                            ExitCodes.USAGE,
                            "no OS keyring here (needs secret-tool and a session bus);"
                                + " use --token-store file"));
            case "file" -> new FileTokenStore(configDir, env.get("SIGNET_TOKEN_STORE_PASSPHRASE"));
            case "auto" ->
                keyring.isPresent()
                    ? keyring.get()
                    : new FileTokenStore(configDir, env.get("SIGNET_TOKEN_STORE_PASSPHRASE"));
            default ->
                throw new CliException(
                    ExitCodes.USAGE, "--token-store must be keyring, file or auto, not " + kind);
          };
    }
    return store;
  }

  private String sessionKey() {
    return "session:" + profile;
  }

  /** The person's stored session, or empty. */
  Optional<Tokens> storedTokens() {
    return store().read(sessionKey()).map(Session::parseTokens);
  }

  void saveTokens(Tokens tokens) {
    ObjectNode stored = SignetHttp.json().createObjectNode();
    stored.put("access_token", tokens.accessToken());
    stored.put("token_type", tokens.tokenType());
    if (tokens.expiresAt() != null) {
      stored.put("expires_at", tokens.expiresAt().getEpochSecond());
    }
    stored.put("refresh_token", tokens.refreshToken());
    stored.put("scope", tokens.scope());
    store().write(sessionKey(), stored.toString());
  }

  void forgetTokens() {
    store().delete(sessionKey());
  }

  /**
   * Access tokens for the command's calls: the environment's service account, or the stored session
   * (refreshed when due, the rotated refresh token stored at once).
   */
  TokenSource tokens() {
    if (tokens == null) {
      tokens = newTokens();
    }
    return tokens;
  }

  private TokenSource newTokens() {
    if (serviceAccountMode()) {
      return signet().serviceAccount(client(), env.get("SIGNET_SCOPE"), null);
    }
    Tokens stored = storedTokens().orElseThrow(() -> CliException.notLoggedIn(profile));
    if (stored.refreshToken() == null) {
      return new FixedTokens(stored, profile);
    }
    return signet().refreshing(client(), stored, this::saveTokens);
  }

  /** A session with no refresh token: good until it expires, then log in again. */
  private record FixedTokens(Tokens tokens, String profile) implements TokenSource {
    @Override
    public String token() {
      if (tokens.expiresAt() != null && !Instant.now().isBefore(tokens.expiresAt())) {
        throw CliException.notLoggedIn(profile);
      }
      return tokens.accessToken();
    }

    @Override
    public void invalidate(String token) {}
  }

  private static Tokens parseTokens(String json) {
    try {
      JsonNode node = SignetHttp.json().readTree(json);
      long expires = node.path("expires_at").asLong(0);
      return new Tokens(
          node.path("access_token").asText(),
          node.path("token_type").asText("Bearer"),
          expires > 0 ? Instant.ofEpochSecond(expires) : null,
          node.hasNonNull("refresh_token") ? node.get("refresh_token").asText() : null,
          node.hasNonNull("scope") ? node.get("scope").asText() : null,
          null);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.NOT_LOGGED_IN, "the stored session is damaged: log in again");
    }
  }

  @SafeVarargs
  static <T> T first(T... values) {
    for (T value : values) {
      if (value != null && !(value instanceof String s && s.isBlank())) {
        return value;
      }
    }
    return null;
  }
}
