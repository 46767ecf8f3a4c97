package dev.signet.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP server that speaks token-service's {@code /internal/v1/tokens} contract (as
 * documented on TokenServiceClient) over in-memory families and token ids, so admin-api's token
 * administration is tested over real HTTP. A family whose subject is {@code "explode"} makes the
 * server answer 500; a client id in {@link #FAILING_REVOCATIONS} makes its revocation answer 503.
 */
public class FakeTokenService implements QuarkusTestResourceLifecycleManager {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** Families by id, as maps in the contract's JSON field names. */
  public static final Map<UUID, Map<String, Object>> FAMILIES = new ConcurrentHashMap<>();

  /** Token ids token-service knows, as TokenInfo JSON maps. */
  public static final Map<String, Map<String, Object>> TOKENS = new ConcurrentHashMap<>();

  /** Every request received: method, path with query, and the JSON body when there was one. */
  public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

  /**
   * Client ids whose revocation the fake refuses with 503, as a token-service that cannot record
   * the cutoff would.
   */
  public static final java.util.Set<String> FAILING_REVOCATIONS = ConcurrentHashMap.newKeySet();

  /** The bodies of the revocations of everything of this client the fake received. */
  public static List<Map<String, Object>> revocationsOf(String clientId) {
    return RECEIVED.stream()
        .filter(r -> r.path().equals("/revocations") && r.body() != null)
        .filter(r -> clientId.equals(r.body().get("client_id")))
        .map(Received::body)
        .toList();
  }

  /** A request as the fake saw it. */
  public record Received(String method, String path, String query, Map<String, Object> body) {}

  private static HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/internal/v1/tokens", FakeTokenService::handle);
    server.start();
    return Map.of(
        "signet.admin.token-service-url", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Adds an active family and returns its id. */
  public static UUID family(String clientId, String subject) {
    UUID id = UUID.randomUUID();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("family_id", id.toString());
    f.put("client_id", clientId);
    f.put("subject", subject);
    f.put("scope", "openid offline_access");
    f.put("status", "active");
    f.put("rotation_count", 2);
    f.put("issued_at", Instant.parse("2026-11-24T08:00:00Z").toString());
    f.put("expires_at", Instant.parse("2026-12-01T08:00:00Z").toString());
    FAMILIES.put(id, f);
    return id;
  }

  private static void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath().substring("/internal/v1/tokens".length());
      String query = ex.getRequestURI().getRawQuery();
      Map<String, String> params = params(query);
      byte[] raw = ex.getRequestBody().readAllBytes();
      @SuppressWarnings("unchecked")
      Map<String, Object> body = raw.length == 0 ? null : JSON.readValue(raw, Map.class);
      RECEIVED.add(new Received(ex.getRequestMethod(), path, query, body));
      String method = ex.getRequestMethod();
      if (method.equals("GET") && path.equals("/families")) {
        listFamilies(ex, params);
      } else if (method.equals("POST") && path.matches("/families/[^/]+/revoke")) {
        revokeFamily(ex, path.split("/")[2], body);
      } else if (method.equals("POST") && path.equals("/revocations")) {
        revokeAll(ex, body);
      } else if (method.equals("GET") && path.matches("/[^/]+")) {
        Map<String, Object> token = TOKENS.get(path.substring(1));
        if (token == null) {
          problem(ex, 404, "No token with that jti.");
        } else {
          send(ex, 200, token);
        }
      } else {
        problem(ex, 404, "No resource at this path.");
      }
    } catch (RuntimeException e) {
      problem(ex, 500, "fake failed: " + e);
    }
  }

  private static void listFamilies(HttpExchange ex, Map<String, String> p) throws IOException {
    String clientId = p.get("client_id");
    String subject = p.get("subject");
    if ((clientId == null) == (subject == null)) {
      problem(ex, 400, "Give exactly one of client_id or subject.");
      return;
    }
    if ("explode".equals(subject)) {
      problem(ex, 500, "boom");
      return;
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (Map<String, Object> f : FAMILIES.values()) {
      boolean match =
          clientId != null ? clientId.equals(f.get("client_id")) : subject.equals(f.get("subject"));
      if (match && (p.get("status") == null || p.get("status").equals(f.get("status")))) {
        items.add(f);
      }
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("items", items);
    page.put("next_cursor", null);
    send(ex, 200, page);
  }

  private static void revokeFamily(HttpExchange ex, String id, Map<String, Object> body)
      throws IOException {
    Map<String, Object> f;
    try {
      f = FAMILIES.get(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      f = null;
    }
    if (f == null) {
      problem(ex, 404, "No such family.");
      return;
    }
    int revoked = revoke(f, body);
    send(ex, 200, Map.of("family_id", id, "revoked_tokens", revoked));
  }

  private static void revokeAll(HttpExchange ex, Map<String, Object> body) throws IOException {
    Object clientId = body == null ? null : body.get("client_id");
    Object subject = body == null ? null : body.get("subject");
    if ((clientId == null) == (subject == null)) {
      problem(ex, 400, "Give exactly one of client_id or subject.");
      return;
    }
    if (clientId != null && FAILING_REVOCATIONS.contains(clientId)) {
      problem(ex, 503, "cannot record the cutoff now");
      return;
    }
    int families = 0;
    for (Map<String, Object> f : FAMILIES.values()) {
      boolean match =
          clientId != null ? clientId.equals(f.get("client_id")) : subject.equals(f.get("subject"));
      if (match && revoke(f, body) > 0) {
        families++;
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("client_id", clientId);
    result.put("subject", subject);
    result.put("revoked_families", families);
    result.put("revoked_refresh_tokens", families);
    result.put("denylisted_jtis", 0);
    result.put("revoked_before", Instant.now().toString());
    send(ex, 200, result);
  }

  private static int revoke(Map<String, Object> family, Map<String, Object> body) {
    if (!"active".equals(family.get("status"))) {
      return 0;
    }
    family.put("status", "revoked");
    family.put("revoked_at", Instant.now().toString());
    family.put("revoke_reason", body == null ? null : body.get("reason"));
    return 1;
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        params.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return params;
  }

  private static void problem(HttpExchange ex, int status, String detail) throws IOException {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "https://signet.dev/problems/x");
    p.put("title", "error");
    p.put("status", status);
    p.put("detail", detail);
    send(ex, status, p, "application/problem+json");
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    send(ex, status, body, "application/json");
  }

  private static void send(HttpExchange ex, int status, Object body, String type)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
