package dev.signet.deploy.suite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * A GitHub Actions OIDC issuer over real HTTP, as a job sees it: a discovery document and JWKS
 * (what token-service fetches), and the runner's token request endpoint ({@code
 * ACTIONS_ID_TOKEN_REQUEST_URL}, bearer {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}) that answers {@code
 * {"value": <jwt>}} for the asked audience.
 */
final class ActionsOidcIssuer implements AutoCloseable {

  static final String REQUEST_TOKEN = "runner-request-" + UUID.randomUUID();

  private final HttpServer server;
  private final RsaJsonWebKey key;

  ActionsOidcIssuer() throws IOException, JoseException {
    key = RsaJwkGenerator.generateJwk(2048);
    key.setKeyId("actions-" + UUID.randomUUID());
    key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
    key.setUse("sig");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/.well-known/openid-configuration",
        ex ->
            send(
                ex,
                200,
                "{\"issuer\":\""
                    + issuer()
                    + "\",\"jwks_uri\":\""
                    + issuer()
                    + "/.well-known/jwks\"}"));
    server.createContext(
        "/.well-known/jwks",
        ex ->
            send(
                ex, 200, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
    server.createContext("/_apis/token", this::requestToken);
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The variables the runner gives a job with {@code id-token: write}. */
  Map<String, String> jobEnvironment() {
    return Map.of(
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        issuer() + "/_apis/token?api-version=2.0",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        REQUEST_TOKEN);
  }

  private void requestToken(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (!("Bearer " + REQUEST_TOKEN).equals(auth)) {
      send(ex, 401, "{\"message\":\"bad request token\"}");
      return;
    }
    String audience = null;
    for (String pair : ex.getRequestURI().getRawQuery().split("&")) {
      if (pair.startsWith("audience=")) {
        audience = URLDecoder.decode(pair.substring(9), StandardCharsets.UTF_8);
      }
    }
    try {
      send(ex, 200, "{\"count\":1,\"value\":\"" + jobToken(audience) + "\"}");
    } catch (JoseException e) {
      send(ex, 500, "{}");
    }
  }

  /** A job token of acme/api on main, shaped as GitHub issues them. */
  String jobToken(String audience) throws JoseException {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer());
    claims.setAudience(audience);
    claims.setSubject("repo:acme/api:ref:refs/heads/main");
    claims.setJwtId(UUID.randomUUID().toString());
    claims.setIssuedAtToNow();
    claims.setNotBeforeMinutesInThePast(0.1f);
    claims.setExpirationTimeMinutesInTheFuture(5);
    claims.setClaim("repository", "acme/api");
    claims.setClaim("repository_id", "2002");
    claims.setClaim("repository_owner", "acme");
    claims.setClaim("repository_owner_id", "1001");
    claims.setClaim("ref", "refs/heads/main");
    claims.setClaim("ref_type", "branch");
    claims.setClaim("sha", "0123456789abcdef0123456789abcdef01234567");
    claims.setClaim("run_id", "42");
    claims.setClaim("run_attempt", "1");
    claims.setClaim("event_name", "push");
    claims.setClaim("workflow_ref", "acme/api/.github/workflows/deploy.yml@refs/heads/main");
    claims.setClaim("job_workflow_ref", "acme/api/.github/workflows/deploy.yml@refs/heads/main");
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    return jws.getCompactSerialization();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
