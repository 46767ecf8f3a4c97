package dev.signet.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Authorization code with PKCE for a native app (RFC 8252): a one-shot receiver on a loopback IP
 * literal and a free port (never the name {@code localhost}, section 8.3), an S256 challenge, a
 * random {@code state}, and {@code iss} checked against the issuer (RFC 9207) so a response from
 * another authorization server is refused. The code is redeemed with the verifier only this process
 * knows.
 */
public final class BrowserLogin {

  static final String CALLBACK_PATH = "/callback";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SignetClient signet;
  private final ClientAuthentication client;

  BrowserLogin(SignetClient signet, ClientAuthentication client) {
    this.signet = signet;
    this.client = client;
  }

  /** A started login: open {@link #authorizationUrl()} in a browser, then {@link #await}. */
  public static final class Pending implements AutoCloseable {
    private final HttpServer server;
    private final URI authorizationUrl;
    private final String redirectUri;
    private final String verifier;
    private final CompletableFuture<String> code;

    private Pending(
        HttpServer server,
        URI authorizationUrl,
        String redirectUri,
        String verifier,
        CompletableFuture<String> code) {
      this.server = server;
      this.authorizationUrl = authorizationUrl;
      this.redirectUri = redirectUri;
      this.verifier = verifier;
      this.code = code;
    }

    public URI authorizationUrl() {
      return authorizationUrl;
    }

    public String redirectUri() {
      return redirectUri;
    }

    @Override
    public void close() {
      server.stop(0);
    }

    @Override
    public String toString() {
      return "Pending[" + redirectUri + "]";
    }
  }

  /** Binds the receiver and builds the authorization request. */
  public Pending start(String scope) {
    URI endpoint = signet.discovery().authorizationEndpoint();
    if (endpoint == null) {
      throw new TransportException(
          signet.discovery().issuer() + " advertises no authorization_endpoint", 0, null);
    }
    String verifier = random(32);
    String state = random(16);
    CompletableFuture<String> code = new CompletableFuture<>();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new TransportException("cannot listen on the loopback interface", 0, e);
    }
    String redirectUri = "http://127.0.0.1:" + server.getAddress().getPort() + CALLBACK_PATH;
    server.createContext(CALLBACK_PATH, exchange -> answer(exchange, state, code));
    server.start();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", client.clientId());
    query.put("redirect_uri", redirectUri);
    if (scope != null && !scope.isBlank()) {
      query.put("scope", scope);
    }
    query.put("state", state);
    query.put("code_challenge", challenge(verifier));
    query.put("code_challenge_method", "S256");
    URI url = URI.create(endpoint + (endpoint.getRawQuery() == null ? "?" : "&") + encode(query));
    return new Pending(server, url, redirectUri, verifier, code);
  }

  /**
   * Waits for the browser to come back, then redeems the code. An error the server sent back
   * ({@code access_denied}, ...) is an {@link OAuthErrorException}.
   */
  public Tokens await(Pending pending, Duration timeout) throws InterruptedException {
    String code;
    try {
      code = pending.code.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TransportException(
          "no answer from the browser within " + timeout.toSeconds() + " s", 0, null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SignetException failure) {
        throw failure;
      }
      throw new TransportException("the browser's answer could not be read", 0, e.getCause());
    } finally {
      pending.close();
    }
    Map<String, String> form = SignetClient.form("authorization_code");
    form.put("code", code);
    form.put("redirect_uri", pending.redirectUri);
    form.put("code_verifier", pending.verifier);
    return signet.token(client, form);
  }

  private void answer(HttpExchange exchange, String state, CompletableFuture<String> code)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) || code.isDone()) {
        respond(exchange, 404, "Nothing to do here.");
        return;
      }
      Map<String, String> params = parse(exchange.getRequestURI().getRawQuery());
      // Without the right state this is not the answer to our request (RFC 6749 10.12): ignore it
      // and keep waiting, so a page that guesses the port cannot end the login.
      if (params == null || !sameState(state, params.get("state"))) {
        respond(exchange, 400, "This is not the answer to this login. Start again from the CLI.");
        return;
      }
      String iss = params.get("iss");
      String issuer = signet.discovery().issuer();
      if ((iss != null || signet.discovery().issInAuthorizationResponse()) && !issuer.equals(iss)) {
        respond(exchange, 400, "The answer came from another server. Start again from the CLI.");
        code.completeExceptionally(
            new OAuthErrorException(
                400, "invalid_request", "the authorization response names issuer " + iss));
        return;
      }
      String error = params.get("error");
      if (error != null) {
        // The error code stays out of the page: it is the server's (or an attacker's) text.
        respond(exchange, 200, "Signing in was not completed. You can close this tab.");
        code.completeExceptionally(
            new OAuthErrorException(400, error, params.getOrDefault("error_description", error)));
        return;
      }
      String value = params.get("code");
      if (value == null || value.isEmpty()) {
        respond(exchange, 400, "The answer has no code. Start again from the CLI.");
        code.completeExceptionally(
            new OAuthErrorException(
                400, "invalid_request", "the authorization response has no code"));
        return;
      }
      respond(
          exchange, 200, "You are signed in. You can close this tab and return to the terminal.");
      code.complete(value);
    }
  }

  private static boolean sameState(String expected, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            presented.getBytes(StandardCharsets.UTF_8));
  }

  /** The query as a map; null when a parameter repeats (RFC 6749 3.1: each at most once). */
  static Map<String, String> parse(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    if (rawQuery.length() > 8192) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (params.put(name, value) != null) {
        return null;
      }
    }
    return params;
  }

  private static void respond(HttpExchange exchange, int status, String sentence)
      throws IOException {
    byte[] body =
        ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signet</title>"
                + "</head><body><p>"
                + sentence
                + "</p></body></html>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }

  private static String encode(Map<String, String> query) {
    StringJoiner joined = new StringJoiner("&");
    query.forEach(
        (k, v) ->
            joined.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return joined.toString();
  }
}
