package dev.signet.client;

import java.util.function.Consumer;

/**
 * A person's (or a refresh-enabled account's) tokens: the access token is renewed with the refresh
 * token when it is due, single-flight, so two threads never spend one refresh token twice (which
 * the server treats as theft and answers by revoking the whole family).
 */
public final class RefreshingTokenSource extends CachedTokenSource {

  private final SignetClient signet;
  private final ClientAuthentication client;
  private final Consumer<Tokens> store;

  RefreshingTokenSource(
      SignetClient signet, ClientAuthentication client, Tokens initial, Consumer<Tokens> store) {
    super(signet.clock(), initial);
    if (initial.refreshToken() == null) {
      throw new IllegalArgumentException("these tokens carry no refresh token");
    }
    this.signet = signet;
    this.client = client;
    this.store = store;
  }

  @Override
  protected Tokens fetch(Tokens previous) {
    return signet.refresh(client, previous.refreshToken(), null);
  }

  @Override
  protected void fetched(Tokens tokens) {
    store.accept(tokens);
  }
}
