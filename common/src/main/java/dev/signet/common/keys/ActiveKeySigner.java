package dev.signet.common.keys;

import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Signs JWTs with the one {@code active} key of an algorithm, loaded from {@code signing_keys},
 * decrypted under the master key and cached until a key change is notified or the TTL ends. It
 * never signs with a pending, previous, retired or revoked key and never makes a key up: with no
 * active key the caller gets 503.
 */
@ApplicationScoped
public class ActiveKeySigner {

  /** The key that signs right now, as far as this JVM knows. */
  public record ActiveKey(String kid, SigningAlgorithm algorithm, PrivateKey privateKey) {
    @Override
    public String toString() {
      return "ActiveKey[" + algorithm + ", kid=" + kid + "]";
    }
  }

  private record Cached(ActiveKey key, long loadedAtNanos) {}

  private final Pool pool;
  private final MasterKeys masterKeys;
  private final KeysConfig config;
  private final KeyChangeNotifications notifications;
  private final Map<SigningAlgorithm, Cached> cache = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean subscribed;

  ActiveKeySigner(
      Pool pool, MasterKeys masterKeys, KeysConfig config, KeyChangeNotifications notifications) {
    this.pool = pool;
    this.masterKeys = masterKeys;
    this.config = config;
    this.notifications = notifications;
  }

  /** The algorithm of {@code signet.keyring.signing-algorithm}. */
  public SigningAlgorithm defaultAlgorithm() {
    return SigningAlgorithm.parse(config.signingAlgorithm());
  }

  /** Signs with the active key of the default algorithm; sets {@code kid}, {@code alg}, typ. */
  public Uni<String> sign(JwtClaims claims, String typ) {
    return sign(claims, typ, defaultAlgorithm());
  }

  /** Signs with the active key of the given algorithm; sets {@code kid}, {@code alg}, typ. */
  public Uni<String> sign(JwtClaims claims, String typ, SigningAlgorithm algorithm) {
    return activeKey(algorithm).map(key -> compact(key, claims, typ));
  }

  /** The active key of the algorithm, from cache or freshly loaded. */
  public Uni<ActiveKey> activeKey(SigningAlgorithm algorithm) {
    subscribeOnce();
    Cached cached = cache.get(algorithm);
    if (cached != null
        && System.nanoTime() - cached.loadedAtNanos() < config.cacheTtl().toNanos()) {
      return Uni.createFrom().item(cached.key());
    }
    return load(algorithm);
  }

  /** Forgets cached keys; the next signature reloads. */
  public void invalidate() {
    generation.incrementAndGet();
    cache.clear();
  }

  private Uni<ActiveKey> load(SigningAlgorithm algorithm) {
    long startedAt = generation.get();
    return pool.preparedQuery(
            "SELECT kid, private_key_ciphertext, master_key_version FROM signing_keys"
                + " WHERE state = 'active' AND alg = $1")
        .execute(Tuple.of(algorithm.name()))
        .map(
            rows -> {
              RowIterator<Row> it = rows.iterator();
              if (!it.hasNext()) {
                throw ProblemException.unavailable(
                    "No active " + algorithm + " signing key; the key ring has not activated one.");
              }
              Row row = it.next();
              String kid = row.getString("kid");
              byte[] pkcs8 =
                  masterKeys.open(
                      row.getString("master_key_version"),
                      row.getBuffer("private_key_ciphertext").getBytes(),
                      kid);
              ActiveKey key =
                  new ActiveKey(kid, algorithm, SigningKeyMaterial.privateKey(algorithm, pkcs8));
              java.util.Arrays.fill(pkcs8, (byte) 0);
              if (generation.get() == startedAt) {
                cache.put(algorithm, new Cached(key, System.nanoTime()));
              }
              return key;
            });
  }

  private static String compact(ActiveKey key, JwtClaims claims, String typ) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(key.algorithm().jwsName());
    jws.setKeyIdHeaderValue(key.kid());
    if (typ != null) {
      jws.setHeader("typ", typ);
    }
    jws.setKey(key.privateKey());
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("signing with key " + key.kid() + " failed", e);
    }
  }

  private void subscribeOnce() {
    if (!subscribed) {
      synchronized (this) {
        if (!subscribed) {
          subscribed = true;
          notifications.onChange(this::invalidate);
        }
      }
    }
  }
}
