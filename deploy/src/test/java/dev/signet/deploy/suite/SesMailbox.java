package dev.signet.deploy.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the suite's admin-api sends invitation mail when a test needs the link: a local server that
 * accepts the SESv2 SendEmail call ({@code POST /v2/email/outbound-emails}) of the real {@code
 * SesV2Client} and keeps each text body. (admin-api's own {@code FakeSes} also checks the signature
 * and plays throttling; here only the link matters.)
 */
final class SesMailbox implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Mail(List<String> to, String text) {}

  final List<Mail> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  SesMailbox() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v2/email/outbound-emails",
        ex -> {
          try (ex) {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            List<String> to = JSON.convertValue(body.at("/Destination/ToAddresses"), List.class);
            received.add(new Mail(to, body.at("/Content/Simple/Body/Text/Data").asText()));
            byte[] answer =
                ("{\"MessageId\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
          }
        });
    server.start();
  }

  /** admin-api's settings that send through this mailbox with the real SES client. */
  Map<String, String> adminSettings() {
    return Map.of(
        "SIGNET_EMAIL_SENDER", "SES",
        "SIGNET_EMAIL_ENDPOINT_OVERRIDE", "http://127.0.0.1:" + server.getAddress().getPort(),
        "SIGNET_EMAIL_REGION", "eu-west-1",
        "SIGNET_EMAIL_FROM", "signet@suite.example",
        "AWS_ACCESS_KEY_ID", "AKIDSUITEMAILBOX0001",
        "AWS_SECRET_ACCESS_KEY", "suite-mailbox-secret-key");
  }

  /** The verification link's query of the last mail to {@code address}. */
  String lastLinkTo(String address) {
    for (int i = received.size() - 1; i >= 0; i--) {
      Mail mail = received.get(i);
      if (mail.to().contains(address)) {
        java.util.regex.Matcher link =
            java.util.regex.Pattern.compile("invite=[^\\s&]+&token=[^\\s&]+").matcher(mail.text());
        if (link.find()) {
          return link.group();
        }
      }
    }
    throw new AssertionError("no invitation mail to " + address + " in " + received.size());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
