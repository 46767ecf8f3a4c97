package dev.signet.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.common.auth.SignetAudiences;
import dev.signet.common.testing.DatabaseTestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * A small real OIDC provider standing in for token-service where the console is tested inside
 * admin-api: discovery, JWKS, {@code /authorize} (signs the chosen {@link #signInAs test person} in
 * at once and redirects with a code; PKCE S256 required) and {@code /token} (checks the client's
 * secret, the redirect URI and the code_verifier; codes are single use). The ID token is signed
 * with this issuer's own key; the access token with the key ring's active key, so admin-api's
 * bearer verification accepts it exactly as it accepts the other tests' tokens.
 */
public class ConsoleTestIssuer implements QuarkusTestResourceLifecycleManager {

  public static final String CLIENT_ID = "signet-console";
  public static final String CLIENT_SECRET = "console-secret-for-tests-only-0123456789";

  /** A person the issuer signs in: user id, scopes from their roles, and their user_ver. */
  public record Person(String userId, String scope, int userVersion) {}

  private record Grant(Person person, String redirectUri, String challenge, String nonce) {}

  private static volatile Person next = new Person("user-admin", "signet:admin", 1);
  private static final Map<String, Grant> CODES = new ConcurrentHashMap<>();
  private static HttpServer server;
  private static RsaJsonWebKey idTokenKey;
  private static DatabaseTestTokens tokens;
  private static String base;

  /** The person the next {@code /authorize} signs in. */
  public static void signInAs(Person person) {
    next = person;
  }

  @Override
  public Map<String, String> start() {
    try {
      idTokenKey = RsaJwkGenerator.generateJwk(2048);
      idTokenKey.setKeyId("console-test-" + UUID.randomUUID());
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (JoseException | IOException e) {
      throw new IllegalStateException(e);
    }
    tokens = DatabaseTestTokens.fromTestProfile();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/.well-known/openid-configuration", ConsoleTestIssuer::discovery);
    server.createContext("/jwks", ConsoleTestIssuer::jwks);
    server.createContext("/authorize", ConsoleTestIssuer::authorize);
    server.createContext("/token", ConsoleTestIssuer::token);
    server.start();
    return Map.of("signet.admin.console.issuer-url", base);
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static void discovery(HttpExchange exchange) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", tokens.issuer());
    doc.put("authorization_endpoint", base + "/authorize");
    doc.put("token_endpoint", base + "/token");
    doc.put("jwks_uri", base + "/jwks");
    doc.put("response_types_supported", List.of("code"));
    doc.put("code_challenge_methods_supported", List.of("S256"));
    doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
    doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
    json(exchange, 200, doc);
  }

  private static void jwks(HttpExchange exchange) throws IOException {
    json(
        exchange,
        200,
        Map.of("keys", List.of(idTokenKey.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
  }

  private static void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
    if (!"code".equals(q.get("response_type"))
        || !CLIENT_ID.equals(q.get("client_id"))
        || q.get("redirect_uri") == null
        || !"S256".equals(q.get("code_challenge_method"))
        || q.get("code_challenge") == null) {
      json(exchange, 400, Map.of("error", "invalid_request"));
      return;
    }
    String code = UUID.randomUUID().toString();
    CODES.put(
        code, new Grant(next, q.get("redirect_uri"), q.get("code_challenge"), q.get("nonce")));
    String location =
        q.get("redirect_uri")
            + (q.get("redirect_uri").contains("?") ? "&" : "?")
            + "code="
            + code
            + (q.get("state") != null ? "&state=" + enc(q.get("state")) : "")
            + "&iss="
            + enc(tokens.issuer());
    exchange.getResponseHeaders().add("Location", location);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private static void token(HttpExchange exchange) throws IOException {
    Map<String, String> f =
        form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String expectedAuth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      json(exchange, 401, Map.of("error", "invalid_client"));
      return;
    }
    Grant grant = f.get("code") == null ? null : CODES.remove(f.get("code"));
    if (!"authorization_code".equals(f.get("grant_type"))
        || grant == null
        || !grant.redirectUri().equals(f.get("redirect_uri"))
        || f.get("code_verifier") == null
        || !grant.challenge().equals(s256(f.get("code_verifier")))) {
      json(exchange, 400, Map.of("error", "invalid_grant"));
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("access_token", accessToken(grant.person()));
    answer.put("id_token", idToken(grant));
    answer.put("token_type", "Bearer");
    answer.put("expires_in", 900);
    json(exchange, 200, answer);
  }

  /** The claims token-service gives a person's access token. */
  private static String accessToken(Person person) {
    JwtClaims claims = tokens.claims(person.userId());
    claims.setClaim("client_id", CLIENT_ID);
    claims.setClaim("principal_type", "user");
    claims.setClaim("user_ver", person.userVersion());
    claims.setAudience(SignetAudiences.all());
    if (!person.scope().isEmpty()) {
      claims.setClaim("scope", person.scope());
    }
    return tokens.sign(claims);
  }

  private static String idToken(Grant grant) {
    try {
      JwtClaims claims = new JwtClaims();
      claims.setIssuer(tokens.issuer());
      claims.setSubject(grant.person().userId());
      claims.setAudience(CLIENT_ID);
      claims.setIssuedAtToNow();
      claims.setExpirationTimeMinutesInTheFuture(10);
      claims.setJwtId(UUID.randomUUID().toString());
      if (grant.nonce() != null) {
        claims.setClaim("nonce", grant.nonce());
      }
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
      jws.setKeyIdHeaderValue(idTokenKey.getKeyId());
      jws.setKey(idTokenKey.getPrivateKey());
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String s256(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.putIfAbsent(name, value);
    }
    return values;
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static void json(HttpExchange exchange, int status, Map<String, ?> body)
      throws IOException {
    byte[] bytes = JsonUtil.toJson(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The base URL, for tests that look at the redirect to it. */
  public static URI baseUri() {
    return URI.create(base);
  }
}
