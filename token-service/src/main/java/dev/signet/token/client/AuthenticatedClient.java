package dev.signet.token.client;

/** A service account that proved who it is, and how. */
public record AuthenticatedClient(ServiceAccount account, String method) {

  public String clientId() {
    return account.clientId();
  }
}
