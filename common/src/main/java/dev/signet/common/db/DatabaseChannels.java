package dev.signet.common.db;

import dev.signet.common.config.DatabaseConfig;
import dev.signet.common.error.SafeFailures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * PostgreSQL LISTEN for the JVM: one dedicated connection carries every channel a service listens
 * on (the pool's connections are not usable for LISTEN). It connects on the first subscription and
 * reconnects by itself. Notifications sent while it was disconnected are lost, so each
 * (re)subscription is passed to the listener as a change of unknown scope ({@code null} payload):
 * caches then drop everything they hold.
 */
@ApplicationScoped
public class DatabaseChannels {

  /** admin-api notifies the client id of a service account it changed, at commit. */
  public static final String SERVICE_ACCOUNTS_CHANGED = "signet_service_accounts_changed";

  /**
   * admin-api notifies the id of a person it changed (status, roles, user_ver), at commit, so a
   * service that caches people drops its copy.
   */
  public static final String USERS_CHANGED = "signet_users_changed";

  /** token-service notifies when an admin edited the token policy, at commit. */
  public static final String TOKEN_POLICY_CHANGED = "signet_token_policy_changed";

  private static final Logger LOG = Logger.getLogger(DatabaseChannels.class);

  private static final CopyOnWriteArrayList<Consumer<String>> EMPTY = new CopyOnWriteArrayList<>();

  private final Vertx vertx;
  private final DatabaseConfig database;
  private final Map<String, CopyOnWriteArrayList<Consumer<String>>> listeners =
      new ConcurrentHashMap<>();
  private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
  private PgSubscriber subscriber;

  DatabaseChannels(Vertx vertx, DatabaseConfig database) {
    this.vertx = vertx;
    this.database = database;
  }

  /**
   * Calls {@code listener} with each payload notified on {@code channel}, and with {@code null}
   * whenever the channel was (re)subscribed. Listeners run on an event-loop thread: keep them
   * short.
   */
  public void listen(String channel, Consumer<String> listener) {
    listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    subscribe(channel);
  }

  /** Tells this JVM's listeners now, for a change it made itself (the NOTIFY follows on commit). */
  public void fireLocally(String channel, String payload) {
    for (Consumer<String> listener : listeners.getOrDefault(channel, EMPTY)) {
      try {
        listener.accept(payload);
      } catch (RuntimeException e) {
        LOG.warnf("listener on %s failed: %s", channel, SafeFailures.describe(e));
      }
    }
  }

  /**
   * Queues a notification in the current Hibernate Reactive transaction; PostgreSQL delivers it at
   * commit, so listeners never see a change that rolled back. Call inside a transaction.
   */
  public static Uni<Void> notifyOnCommit(String channel, String payload) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery("SELECT CAST(pg_notify(?1, ?2) AS text)")
                    .setParameter(1, channel)
                    .setParameter(2, payload)
                    .getSingleResult())
        .replaceWithVoid();
  }

  /**
   * The same for a Vert.x SQL transaction {@code tx}: the notification is queued in it and
   * delivered at its commit.
   */
  public static Uni<Void> notifyOnCommit(SqlConnection tx, String channel, String payload) {
    return tx.preparedQuery("SELECT CAST(pg_notify($1, $2) AS text)")
        .execute(Tuple.of(channel, payload))
        .replaceWithVoid();
  }

  private synchronized void subscribe(String channel) {
    if (subscriber == null) {
      PgConnectOptions options = PgConnectOptions.fromUri(database.url());
      options.setUser(database.username());
      database.password().ifPresent(options::setPassword);
      subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1_000L);
      subscriber
          .connect()
          .subscribe()
          .with(
              ok -> LOG.debugf("listening on %s", subscribed),
              e ->
                  LOG.warnf(
                      "cannot listen on %s yet (%s); caches fall back to their TTL",
                      subscribed, SafeFailures.describe(e)));
    }
    if (subscribed.add(channel)) {
      subscriber
          .channel(channel)
          .subscribeHandler(() -> fireLocally(channel, null))
          .handler(payload -> fireLocally(channel, payload))
          .exceptionHandler(e -> LOG.debugf("channel %s: %s", channel, SafeFailures.describe(e)));
    }
  }

  @PreDestroy
  synchronized void close() {
    if (subscriber != null) {
      subscriber.closeAndForget();
      subscriber = null;
    }
  }
}
