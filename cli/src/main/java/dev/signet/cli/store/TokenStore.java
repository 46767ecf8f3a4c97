package dev.signet.cli.store;

import java.util.Optional;

/**
 * Where the CLI keeps what lets it act for a person: the session (refresh and access tokens) and
 * enrolled private keys, per profile. Never plain text on disk, never in a log or {@code --debug}
 * output.
 */
public interface TokenStore {

  Optional<String> read(String key);

  void write(String key, String value);

  void delete(String key);

  /** {@code keyring} or {@code file}, for messages. */
  String kind();
}
