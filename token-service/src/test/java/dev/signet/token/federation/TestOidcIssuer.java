package dev.signet.token.federation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * A real OIDC issuer over HTTP for tests: its own RSA and EC keys, a discovery document, a JWKS
 * endpoint that counts its fetches, key rotation, and hostile variants of the key endpoint
 * (oversized, redirecting, stalling).
 */
final class TestOidcIssuer implements AutoCloseable {

  private final HttpServer server;
  private final List<PublicJsonWebKey> keys = new CopyOnWriteArrayList<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  volatile String cacheControl = "max-age=300";
  volatile String discoveryIssuer;
  volatile String discoveryJwksUri;

  TestOidcIssuer() throws IOException, JoseException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    discoveryIssuer = issuer();
    discoveryJwksUri = issuer() + "/jwks";
    server.createContext("/.well-known/openid-configuration", this::discovery);
    server.createContext("/jwks", this::jwks);
    server.createContext(
        "/big",
        ex -> send(ex, 200, "{\"keys\":[]," + "\"x\":\"" + "a".repeat(200_000) + "\"}", null));
    server.createContext("/redirect-same", ex -> redirect(ex, issuer() + "/jwks"));
    server.createContext(
        "/redirect-other", ex -> redirect(ex, "http://localhost:" + port() + "/jwks"));
    server.createContext(
        "/stall",
        ex -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          send(ex, 200, "{\"keys\":[]}", null);
        });
    server.start();
    rotate();
  }

  String issuer() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.getAddress().getPort();
  }

  int jwksFetches() {
    return jwksFetches.get();
  }

  /** Adds a new RSA and a new EC key; the newest RSA key is the signing key. */
  PublicJsonWebKey rotate() throws JoseException {
    PublicJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    ec.setKeyId("ec-" + keys.size());
    ec.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    PublicJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
    rsa.setKeyId("rsa-" + keys.size());
    rsa.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
    keys.add(ec);
    keys.add(rsa);
    return rsa;
  }

  PublicJsonWebKey newest() {
    return keys.get(keys.size() - 1);
  }

  /** The newest EC (P-256, ES256) key. */
  PublicJsonWebKey newestEc() {
    return keys.get(keys.size() - 2);
  }

  /** A compact JWS of {@code claims} signed with {@code key}. */
  static String sign(PublicJsonWebKey key, Map<String, Object> claims) throws JoseException {
    JwtClaims jwt = new JwtClaims();
    claims.forEach(jwt::setClaim);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(jwt.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(key.getAlgorithm());
    return jws.getCompactSerialization();
  }

  private void discovery(HttpExchange ex) throws IOException {
    String body =
        "{\"issuer\":\""
            + discoveryIssuer
            + "\",\"jwks_uri\":\""
            + discoveryJwksUri
            + "\","
            + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}";
    send(ex, 200, body, null);
  }

  private void jwks(HttpExchange ex) throws IOException {
    jwksFetches.incrementAndGet();
    JsonWebKeySet set = new JsonWebKeySet();
    for (PublicJsonWebKey key : keys) {
      set.addJsonWebKey(key);
    }
    send(ex, 200, set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), cacheControl);
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private static void send(HttpExchange ex, int status, String body, String cacheControl)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    if (cacheControl != null) {
      ex.getResponseHeaders().add("Cache-Control", cacheControl);
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
