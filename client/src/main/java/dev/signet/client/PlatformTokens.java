package dev.signet.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The short-lived identity tokens CI platforms and clusters hand their workloads, to exchange for
 * Signet tokens: a GitHub Actions OIDC token (the job needs {@code permissions: id-token: write})
 * and a Kubernetes projected service-account token.
 */
public final class PlatformTokens {

  /** Where a pod's projected token for Signet is mounted unless configured otherwise. */
  public static final Path DEFAULT_KUBERNETES_TOKEN = Path.of("/var/run/secrets/signet/token");

  static final int MAX_TOKEN_FILE = 64 * 1024;

  private PlatformTokens() {}

  /**
   * Asks the Actions runtime for an OIDC token with {@code audience}, using the variables the
   * runner sets ({@code ACTIONS_ID_TOKEN_REQUEST_URL}, {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}).
   */
  public static String githubActions(SignetHttp http, Map<String, String> env, String audience) {
    String url = env.get("ACTIONS_ID_TOKEN_REQUEST_URL");
    String bearer = env.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
    if (url == null || bearer == null) {
      throw new TransportException(
          "not in a GitHub Actions job with id-token: write"
              + " (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are unset)",
          0,
          null);
    }
    String separator = url.contains("?") ? "&" : "?";
    URI uri =
        URI.create(
            url + separator + "audience=" + URLEncoder.encode(audience, StandardCharsets.UTF_8));
    JsonNode body = http.get(uri, bearer);
    String value = SignetHttp.text(body, "value");
    if (value == null) {
      throw new TransportException("the Actions token service answered no token", 200, null);
    }
    return value;
  }

  /** Reads a projected service-account token (bounded; a token is a few KB). */
  public static String kubernetes(Path file) {
    try {
      if (Files.size(file) > MAX_TOKEN_FILE) {
        throw new TransportException(file + " is too large to be a token", 0, null);
      }
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new TransportException(
          "cannot read the service-account token " + file + ": " + e.getMessage(), 0, e);
    }
  }
}
