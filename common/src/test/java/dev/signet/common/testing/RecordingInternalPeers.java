package dev.signet.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The other end of a service's outbound internal calls, for a main-path IT that runs the packaged
 * app (the JVM jar, or the native binary under {@code -Pnative}) with its scheduled jobs on: the
 * outbox dispatcher delivers audit batches to admin-api's intake, token-service's usage flusher
 * reports usage to admin-api, and both first get a {@code signet:internal} token by
 * client_credentials. This records what arrives, so an IT proves that the REST clients, their JSON
 * and the schedulers work in the packaged form (the in-process tests drive the dispatcher by hand
 * and never leave the JVM they were compiled in).
 *
 * <p>It enforces what the real peers enforce on the wire: the token endpoint wants the configured
 * client's Basic credentials and {@code grant_type=client_credentials}; the intakes want the token
 * it issued, and refuse anything else with 401. The services' own handling of admin-api's answers
 * is tested in process against the real admin-api (deploy suite) and admin-api's intake tests.
 *
 * <p>Init arg {@code usage=true} also points token-service's usage flusher here.
 */
public class RecordingInternalPeers implements QuarkusTestResourceLifecycleManager {

  public static final String CLIENT_ID = "main-path-internal";
  private static final String CLIENT_SECRET = "main-path-internal-secret-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Audit events delivered, in arrival order (each as its JSON object). */
  public static final List<JsonNode> AUDIT_EVENTS = new CopyOnWriteArrayList<>();

  /** Usage items reported by token-service's flusher. */
  public static final List<JsonNode> USAGE = new CopyOnWriteArrayList<>();

  /** Internal tokens handed out (one per token request that authenticated). */
  public static final AtomicInteger TOKENS_ISSUED = new AtomicInteger();

  /** Requests refused for missing or wrong credentials. */
  public static final AtomicInteger REFUSED = new AtomicInteger();

  private final String token = "internal-" + UUID.randomUUID();
  private HttpServer server;
  private boolean usage;

  @Override
  public void init(Map<String, String> initArgs) {
    usage = Boolean.parseBoolean(initArgs.getOrDefault("usage", "false"));
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/oauth2/token", this::token);
    server.createContext("/internal/v1/audit-events", e -> intake(e, AUDIT_EVENTS, "events"));
    server.createContext("/internal/v1/service-accounts/usage", e -> intake(e, USAGE, "items"));
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Map<String, String> config = new HashMap<>();
    config.put("signet.internal.token-url", base + "/oauth2/token");
    config.put("signet.internal.client-id", CLIENT_ID);
    config.put("signet.internal.client-secret", CLIENT_SECRET);
    config.put("signet.audit.admin-url", base);
    config.put("signet.audit.dispatch-enabled", "true");
    config.put("signet.audit.dispatch-interval", "1s");
    if (usage) {
      config.put("signet.usage.enabled", "true");
      config.put("signet.usage.admin-url", base);
      config.put("signet.usage.flush-every", "1s");
    }
    return config;
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** The delivered audit events of this type whose details or subject mention {@code value}. */
  public static List<JsonNode> auditEvents(String type, String value) {
    return AUDIT_EVENTS.stream()
        .filter(e -> type.equals(e.path("type").asText()))
        .filter(e -> e.toString().contains(value))
        .toList();
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
      String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (!"POST".equals(exchange.getRequestMethod())
          || !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
          || !form(form).getOrDefault("grant_type", "").equals("client_credentials")) {
        REFUSED.incrementAndGet();
        answer(exchange, 401, "{\"error\":\"invalid_client\"}");
        return;
      }
      TOKENS_ISSUED.incrementAndGet();
      answer(
          exchange,
          200,
          "{\"access_token\":\""
              + token
              + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"signet:internal\"}");
    }
  }

  private void intake(HttpExchange exchange, List<JsonNode> into, String field) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (!"POST".equals(exchange.getRequestMethod())
          || !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        REFUSED.incrementAndGet();
        answer(exchange, 401, "{\"status\":401}");
        return;
      }
      JsonNode items = JSON.readTree(body).path(field);
      if (!items.isArray()) {
        answer(exchange, 400, "{\"status\":400,\"detail\":\"no " + field + " array\"}");
        return;
      }
      items.forEach(into::add);
      answer(exchange, 200, "{\"received\":" + items.size() + ",\"stored\":" + items.size() + "}");
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
