package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.client.SignetHttp;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** An enrolled login key as the token store keeps it: the private key never leaves the store. */
record LoginKey(String kid, String userId, String alg, String pkcs8) {

  enum Kind {
    ED25519("EdDSA", "Ed25519"),
    P256("ES256", "EC");

    final String alg;
    final String keyFactory;

    Kind(String alg, String keyFactory) {
      this.alg = alg;
      this.keyFactory = keyFactory;
    }

    static Kind of(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "ed25519" -> ED25519;
        case "p256", "p-256", "ec" -> P256;
        default -> throw new CliException(ExitCodes.USAGE, "--type must be ed25519 or p256");
      };
    }

    KeyPair generate() throws GeneralSecurityException {
      if (this == ED25519) {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      }
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      return ec.generateKeyPair();
    }
  }

  private static String storeKey(Session session) {
    return "login-key:" + session.profile;
  }

  PrivateKey privateKey() {
    try {
      String factory = "EdDSA".equals(alg) ? "Ed25519" : "EC";
      return KeyFactory.getInstance(factory)
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CliException(ExitCodes.UNEXPECTED, "the stored login key is damaged");
    }
  }

  void save(Session session) {
    ObjectNode stored = SignetHttp.json().createObjectNode();
    stored.put("kid", kid);
    stored.put("user_id", userId);
    stored.put("alg", alg);
    stored.put("pkcs8", pkcs8);
    session.store().write(storeKey(session), stored.toString());
  }

  static Optional<LoginKey> load(Session session) {
    return session
        .store()
        .read(storeKey(session))
        .map(
            json -> {
              try {
                JsonNode node = SignetHttp.json().readTree(json);
                return new LoginKey(
                    node.path("kid").asText(),
                    node.path("user_id").asText(),
                    node.path("alg").asText(),
                    node.path("pkcs8").asText());
              } catch (IOException e) {
                throw new CliException(ExitCodes.UNEXPECTED, "the stored login key is damaged");
              }
            });
  }

  static void forget(Session session) {
    session.store().delete(storeKey(session));
  }

  @Override
  public String toString() {
    return "LoginKey[" + kid + ", " + alg + "]";
  }
}
