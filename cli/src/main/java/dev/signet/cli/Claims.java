package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.signet.client.SignetHttp;
import java.io.IOException;
import java.util.Base64;

/**
 * The claims of one of our own access tokens, for display only: the CLI never trusts them for a
 * decision (the servers check every token), so it reads them without checking the signature.
 */
final class Claims {

  private Claims() {}

  static JsonNode of(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return MissingNode.getInstance();
    }
    try {
      return SignetHttp.json().readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException | IllegalArgumentException e) {
      return MissingNode.getInstance();
    }
  }
}
