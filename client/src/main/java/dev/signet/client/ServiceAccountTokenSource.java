package dev.signet.client;

/** {@code client_credentials} tokens of one service account, cached and renewed single-flight. */
final class ServiceAccountTokenSource extends CachedTokenSource {

  private final SignetClient signet;
  private final ClientAuthentication client;
  private final String scope;
  private final String audience;

  ServiceAccountTokenSource(
      SignetClient signet, ClientAuthentication client, String scope, String audience) {
    super(signet.clock(), null);
    this.signet = signet;
    this.client = client;
    this.scope = scope;
    this.audience = audience;
  }

  @Override
  protected Tokens fetch(Tokens previous) {
    return signet.clientCredentials(client, scope, audience);
  }
}
