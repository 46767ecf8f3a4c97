package dev.signet.common.keys;

import dev.signet.common.config.DatabaseConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Listens on the Postgres channel {@value #CHANNEL}, which the key ring notifies in the transaction
 * that changes a key's state, and tells every cache in this JVM to reload. The connection opens on
 * the first subscription and reconnects by itself; each (re)subscription also counts as a change,
 * because notifications sent while disconnected are lost.
 */
@ApplicationScoped
public class KeyChangeNotifications {

  /** The channel name; payload is the kid that changed (informational only). */
  public static final String CHANNEL = "signet_keys_changed";

  private static final Logger LOG = Logger.getLogger(KeyChangeNotifications.class);

  private final Vertx vertx;
  private final DatabaseConfig database;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private PgSubscriber subscriber;

  KeyChangeNotifications(Vertx vertx, DatabaseConfig database) {
    this.vertx = vertx;
    this.database = database;
  }

  /** Runs the listener (on an event-loop thread: keep it short) whenever keys may have changed. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
    ensureListening();
  }

  /** Tells local caches at once, for changes made by this JVM (the NOTIFY follows on commit). */
  public void fireLocally() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warnf("key change listener failed: %s", e.toString());
      }
    }
  }

  private synchronized void ensureListening() {
    if (subscriber != null) {
      return;
    }
    PgConnectOptions options = PgConnectOptions.fromUri(database.url());
    options.setUser(database.username());
    database.password().ifPresent(options::setPassword);
    subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1_000L);
    subscriber
        .channel(CHANNEL)
        .subscribeHandler(this::fireLocally)
        .handler(kid -> fireLocally())
        .exceptionHandler(e -> LOG.debugf("key change channel: %s", e.toString()));
    subscriber
        .connect()
        .subscribe()
        .with(
            ok -> LOG.debugf("listening on %s", CHANNEL),
            e ->
                LOG.warnf(
                    "cannot listen on %s yet (%s); caches fall back to their TTL",
                    CHANNEL, e.toString()));
  }

  @PreDestroy
  synchronized void close() {
    if (subscriber != null) {
      subscriber.closeAndForget();
      subscriber = null;
    }
  }
}
