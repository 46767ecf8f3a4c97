package dev.signet.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server that speaks the SESv2 REST API's SendEmail ({@code POST
 * /v2/email/outbound-emails}), so admin-api's real {@code SesV2Client} sends to it. It refuses a
 * request that is not SigV4-signed for SES, records each mail it accepts, rejects mail to the
 * addresses in {@link #REJECTED} with {@code MessageRejected} (400), and answers the next {@link
 * #throttleNext} calls with {@code TooManyRequestsException} (429), which the SDK retries.
 */
public class FakeSes implements QuarkusTestResourceLifecycleManager {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ACCESS_KEY = "AKIDFAKESESTEST00001";

  /** A mail as SES received it. */
  public record Mail(String from, List<String> to, String subject, String text, String html) {}

  public static final List<Mail> SENT = new CopyOnWriteArrayList<>();
  public static final Set<String> REJECTED = ConcurrentHashMap.newKeySet();
  public static final AtomicInteger throttleNext = new AtomicInteger();
  public static final AtomicInteger calls = new AtomicInteger();

  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/v2/email/outbound-emails", FakeSes::sendEmail);
    server.start();
    // The SDK's default credential chain reads these system properties; the packaged jar (*IT)
    // gets the map below as system properties too.
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", "fake-ses-secret-key-for-tests");
    return Map.of(
        "signet.email.sender", "SES",
        "signet.email.endpoint-override", "http://127.0.0.1:" + server.getAddress().getPort(),
        "signet.email.region", "eu-west-1",
        "signet.email.from", "signet@test.example",
        "aws.accessKeyId", ACCESS_KEY,
        "aws.secretAccessKey", "fake-ses-secret-key-for-tests");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Mails sent to this address so far. */
  public static List<Mail> to(String address) {
    return SENT.stream().filter(m -> m.to().contains(address)).toList();
  }

  private static void sendEmail(HttpExchange ex) throws IOException {
    calls.incrementAndGet();
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (!"POST".equals(ex.getRequestMethod())
          || auth == null
          || !auth.startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
          || !auth.contains("/eu-west-1/ses/aws4_request")) {
        error(ex, 403, "SignatureDoesNotMatch", "not signed for SES");
        return;
      }
      if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(ex, 429, "TooManyRequestsException", "Maximum sending rate exceeded.");
        return;
      }
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      List<String> to = JSON.convertValue(body.at("/Destination/ToAddresses"), List.class);
      if (to.stream().anyMatch(REJECTED::contains)) {
        error(ex, 400, "MessageRejected", "Email address is not verified.");
        return;
      }
      JsonNode simple = body.at("/Content/Simple");
      SENT.add(
          new Mail(
              body.path("FromEmailAddress").asText(),
              to,
              simple.at("/Subject/Data").asText(),
              simple.at("/Body/Text/Data").asText(),
              simple.at("/Body/Html/Data").asText()));
      byte[] answer =
          ("{\"MessageId\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, answer.length);
      ex.getResponseBody().write(answer);
    }
  }

  private static void error(HttpExchange ex, int status, String type, String message)
      throws IOException {
    byte[] answer = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.getResponseHeaders().add("x-amzn-ErrorType", type);
    ex.sendResponseHeaders(status, answer.length);
    ex.getResponseBody().write(answer);
  }
}
