package dev.signet.common.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * An issuer over real HTTP, as keyring-service and token-service look to a resource server: a
 * discovery document naming a JWKS endpoint that counts its fetches, its own RSA, EC and Ed25519
 * keys, rotation, and a Cache-Control header to set.
 */
final class JwksTestIssuer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final List<PublicJsonWebKey> keys = new CopyOnWriteArrayList<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final AtomicInteger discoveryFetches = new AtomicInteger();
  volatile String cacheControl = "public, max-age=300";
  volatile String discoveryIssuer;

  JwksTestIssuer() throws IOException, JoseException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    discoveryIssuer = issuer();
    server.createContext("/.well-known/openid-configuration", this::discovery);
    server.createContext("/.well-known/jwks.json", this::jwks);
    server.start();
    rotate();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int jwksFetches() {
    return jwksFetches.get();
  }

  int discoveryFetches() {
    return discoveryFetches.get();
  }

  /** Publishes a new RSA, EC and Ed25519 key; returns the new RSA key. */
  PublicJsonWebKey rotate() throws JoseException {
    int n = keys.size();
    PublicJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    ec.setKeyId("ec-" + n);
    ec.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    PublicJsonWebKey ed = OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
    ed.setKeyId("ed-" + n);
    ed.setAlgorithm(AlgorithmIdentifiers.EDDSA);
    PublicJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
    rsa.setKeyId("rsa-" + n);
    rsa.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
    keys.add(ec);
    keys.add(ed);
    keys.add(rsa);
    return rsa;
  }

  /** Stops publishing every key but the newest three (a retired key is gone from the JWKS). */
  void retireOld() {
    while (keys.size() > 3) {
      keys.remove(0);
    }
  }

  PublicJsonWebKey rsa() {
    return keys.get(keys.size() - 1);
  }

  PublicJsonWebKey ed() {
    return keys.get(keys.size() - 2);
  }

  PublicJsonWebKey ec() {
    return keys.get(keys.size() - 3);
  }

  /** A compact JWS with the given header values (null leaves one out). */
  static String sign(PublicJsonWebKey key, String alg, String kid, String typ, JwtClaims claims)
      throws JoseException {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setAlgorithmHeaderValue(alg);
    if (kid != null) {
      jws.setKeyIdHeaderValue(kid);
    }
    if (typ != null) {
      jws.setHeader("typ", typ);
    }
    return jws.getCompactSerialization();
  }

  /** An access token as Signet signs it, with the key's own kid and alg. */
  static String sign(PublicJsonWebKey key, JwtClaims claims) throws JoseException {
    return sign(key, key.getAlgorithm(), key.getKeyId(), "at+jwt", claims);
  }

  private void discovery(HttpExchange ex) throws IOException {
    discoveryFetches.incrementAndGet();
    send(
        ex,
        "{\"issuer\":\""
            + discoveryIssuer
            + "\",\"jwks_uri\":\""
            + issuer()
            + "/.well-known/jwks.json\"}",
        null);
  }

  private void jwks(HttpExchange ex) throws IOException {
    jwksFetches.incrementAndGet();
    JsonWebKeySet set = new JsonWebKeySet();
    keys.forEach(set::addJsonWebKey);
    send(ex, set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), cacheControl);
  }

  private static void send(HttpExchange ex, String body, String cacheControl) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    if (cacheControl != null) {
      ex.getResponseHeaders().add("Cache-Control", cacheControl);
    }
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
