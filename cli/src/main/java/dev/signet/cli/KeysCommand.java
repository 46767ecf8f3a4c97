package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.client.SignetHttp;
import java.net.InetAddress;
import java.net.URI;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "keys",
    header = "Your login keys: add, list, revoke.",
    description = {
      "Your login keys: generated here, enrolled with a key enrollment token and a proof of",
      "possession; the private key never leaves this machine (it stays in the token store)."
    },
    subcommands = {KeysCommand.Add.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand extends CommandGroup {

  static final List<Output.Column> COLUMNS =
      List.of(
          new Output.Column("KID", "kid"),
          new Output.Column("ALG", "alg"),
          new Output.Column("DEVICE", "device_id"),
          new Output.Column("CREATED", "created_at"),
          new Output.Column("REVOKED", "revoked_at"),
          new Output.Column("LAST USED", "last_used_at"));

  @Command(
      name = "add",
      header = "Enroll a new key made here.",
      description = {
        "Enroll a new key with the key enrollment token from your invite (or an admin).",
        "Afterwards `signet login --key` signs in with it."
      })
  static final class Add extends SignetSubcommand {
    @Option(names = "--ket", description = "Key enrollment token (env SIGNET_KET).")
    String ket;

    @Option(names = "--type", defaultValue = "ed25519", description = "ed25519 or p256.")
    String type;

    @Option(names = "--device-name", description = "This machine's name (default: host name).")
    String deviceName;

    @Override
    void execute() throws Exception {
      Session session = session();
      String token = Session.first(ket, session.env.get("SIGNET_KET"));
      if (token == null) {
        throw new CliException(ExitCodes.USAGE, "pass --ket or set SIGNET_KET");
      }
      LoginKey.Kind kind = LoginKey.Kind.of(type);
      KeyPair pair = kind.generate();
      URI admin = session.adminUrl();
      SignetHttp http = SignetHttp.defaults();
      JsonNode bootstrap =
          http.send(
              "POST",
              URI.create(admin + "/v1/keys/bootstrap"),
              Map.of("key_enrollment_token", token),
              null);
      String nonce = bootstrap.path("nonce").asText();
      JsonWebSignature proof = new JsonWebSignature();
      ObjectNode payload = SignetHttp.json().createObjectNode();
      payload.put("nonce", nonce);
      proof.setPayload(payload.toString());
      proof.setAlgorithmHeaderValue(kind.alg);
      proof.setKey(pair.getPrivate());
      PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
      ObjectNode device = SignetHttp.json().createObjectNode();
      device.put("name", deviceName != null ? deviceName : hostName());
      device.put("platform", System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT));
      device.put("fingerprint", "sha256:" + jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
      ObjectNode body = SignetHttp.json().createObjectNode();
      body.put("key_enrollment_token", token);
      body.set(
          "public_key",
          SignetHttp.json().valueToTree(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
      body.put("proof", proof.getCompactSerialization());
      body.set("device", device);
      JsonNode key = http.send("POST", URI.create(admin + "/v1/keys/register"), body, null);
      LoginKey enrolled =
          new LoginKey(
              key.path("kid").asText(),
              key.path("user_id").asText(),
              kind.alg,
              Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
      enrolled.save(session);
      out().object(key, COLUMNS);
      err().println("Enrolled; sign in with `signet login --key`.");
    }

    private static String hostName() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        return "signet-cli";
      }
    }
  }

  @Command(name = "list", description = "Your enrolled keys (needs a users admin or read scope).")
  static final class ListKeys extends SignetSubcommand {
    @Override
    void execute() {
      String user = Claims.of(session().tokens().token()).path("sub").asText();
      out().list(admin().get("/v1/users/" + Api.segment(user) + "/keys"), COLUMNS);
    }
  }

  @Command(name = "revoke", description = "Revoke one of your keys.")
  static final class Revoke extends SignetSubcommand {
    @Parameters(paramLabel = "KID")
    String kid;

    @Override
    void execute() {
      String user = Claims.of(session().tokens().token()).path("sub").asText();
      JsonNode revoked =
          admin()
              .post(
                  "/v1/users/" + Api.segment(user) + "/keys/" + Api.segment(kid) + "/revoke", null);
      LoginKey.load(session())
          .filter(k -> k.kid().equals(kid))
          .ifPresent(k -> LoginKey.forget(session()));
      out().object(revoked, COLUMNS);
    }
  }
}
