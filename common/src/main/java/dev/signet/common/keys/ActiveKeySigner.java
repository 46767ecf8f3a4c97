package dev.signet.common.keys;

import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import java.util.concurrent.atomic.AtomicLong;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Signs JWTs with the one {@code active} key of the key ring, whatever its algorithm: the ring's
 * rotation policy decides the algorithm, and an algorithm change reaches every signer as a rotation
 * does (the key is pre-published, then activated, then this cache reloads). The key is loaded from
 * {@code signing_keys}, decrypted under the master key and cached until a key change is notified or
 * the TTL ends. It never signs with a pending, previous, retired or revoked key and never makes a
 * key up: with no active key the caller gets 503.
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

  /** The one active key; the ordering only matters if a second one ever slipped in. */
  private static final String ACTIVE =
      "SELECT kid, alg, private_key_ciphertext, master_key_version FROM signing_keys"
          + " WHERE state = 'active' ORDER BY activated_at DESC NULLS LAST, kid LIMIT 1";

  private final Pool pool;
  private final MasterKeys masterKeys;
  private final KeysConfig config;
  private final KeyChangeNotifications notifications;
  private volatile Cached cached;
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean subscribed;

  ActiveKeySigner(
      Pool pool, MasterKeys masterKeys, KeysConfig config, KeyChangeNotifications notifications) {
    this.pool = pool;
    this.masterKeys = masterKeys;
    this.config = config;
    this.notifications = notifications;
  }

  /** Signs with the ring's active key; sets {@code kid}, {@code alg} (the key's) and typ. */
  public Uni<String> sign(JwtClaims claims, String typ) {
    return activeKey().map(key -> compact(key, claims, typ));
  }

  /**
   * The algorithm that signs right now (the active key's), from cache or freshly loaded; fails with
   * 503 while the ring has no active key. Discovery advertises this one.
   */
  public Uni<SigningAlgorithm> activeAlgorithm() {
    return activeKey().map(ActiveKey::algorithm);
  }

  /** The ring's active key, from cache or freshly loaded. */
  public Uni<ActiveKey> activeKey() {
    subscribeOnce();
    Cached held = cached;
    if (held != null && System.nanoTime() - held.loadedAtNanos() < config.cacheTtl().toNanos()) {
      return Uni.createFrom().item(held.key());
    }
    return load();
  }

  /** Forgets the cached key; the next signature reloads. */
  public void invalidate() {
    generation.incrementAndGet();
    cached = null;
  }

  private Uni<ActiveKey> load() {
    long startedAt = generation.get();
    return pool.preparedQuery(ACTIVE)
        .execute()
        .map(
            rows -> {
              RowIterator<Row> it = rows.iterator();
              if (!it.hasNext()) {
                throw ProblemException.unavailable(
                    "No active signing key; the key ring has not activated one.");
              }
              Row row = it.next();
              String kid = row.getString("kid");
              SigningAlgorithm algorithm = SigningAlgorithm.parse(row.getString("alg"));
              byte[] pkcs8 =
                  masterKeys.open(
                      row.getString("master_key_version"),
                      row.getBuffer("private_key_ciphertext").getBytes(),
                      kid);
              ActiveKey key;
              try {
                key =
                    new ActiveKey(kid, algorithm, SigningKeyMaterial.privateKey(algorithm, pkcs8));
              } finally {
                java.util.Arrays.fill(pkcs8, (byte) 0);
              }
              if (generation.get() == startedAt) {
                cached = new Cached(key, System.nanoTime());
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
