package dev.signet.common.keys;

import dev.signet.common.db.DatabaseChannels;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Listens on the Postgres channel {@value #CHANNEL}, which the key ring notifies in the transaction
 * that changes a key's state, and tells every cache in this JVM to reload. A (re)subscription also
 * counts as a change, because notifications sent while disconnected are lost.
 */
@ApplicationScoped
public class KeyChangeNotifications {

  /** The channel name; payload is the kid that changed (informational only). */
  public static final String CHANNEL = "signet_keys_changed";

  private final DatabaseChannels channels;

  KeyChangeNotifications(DatabaseChannels channels) {
    this.channels = channels;
  }

  /** Runs the listener (on an event-loop thread: keep it short) whenever keys may have changed. */
  public void onChange(Runnable listener) {
    channels.listen(CHANNEL, kid -> listener.run());
  }

  /** Tells local caches at once, for changes made by this JVM (the NOTIFY follows on commit). */
  public void fireLocally() {
    channels.fireLocally(CHANNEL, null);
  }
}
