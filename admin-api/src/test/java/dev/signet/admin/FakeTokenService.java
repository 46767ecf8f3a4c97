package dev.signet.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.common.testing.DatabaseTestTokens;
import dev.signet.common.tokens.TokenAdminContract;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for token-service's {@code /internal/v1/tokens} where admin-api is tested alone: what
 * admin-api does with token-service's answers (passes them through, audits them with the acting
 * admin) and with its failures (a 500, a 503, a connection dropped without an answer). The main
 * paths against the real token-service are the deploy module's suite tests.
 *
 * <p>It speaks the shared {@link TokenAdminContract} records, and every answer is computed from the
 * request and the state the test put in (pages by {@code limit} and {@code cursor}, counts of what
 * a revocation really changed), so a request admin-api garbles shows in the answer. It refuses a
 * request without a bearer token, as token-service would. A subject {@code "explode"} answers 500,
 * a subject {@code "hang-up"} closes the connection without an answer, and a client id in {@link
 * #FAILING_REVOCATIONS} makes its revocation answer 503.
 */
public class FakeTokenService implements QuarkusTestResourceLifecycleManager {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** Families by id, as token-service would answer them. */
  public static final Map<UUID, TokenAdminContract.Family> FAMILIES = new ConcurrentHashMap<>();

  /** How many refresh tokens of each family are still active (a revocation revokes them). */
  private static final Map<UUID, Integer> ACTIVE_REFRESH_TOKENS = new ConcurrentHashMap<>();

  /** Token ids token-service knows. */
  public static final Map<String, TokenAdminContract.TokenInfo> TOKENS = new ConcurrentHashMap<>();

  /** Every request received: method, path, query, Authorization header and the JSON body. */
  public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

  /**
   * Client ids (or subjects) whose revocation the fake refuses with 503, as a token-service that
   * cannot record the cutoff would.
   */
  public static final Set<String> FAILING_REVOCATIONS = ConcurrentHashMap.newKeySet();

  /** The bodies of the revocations of everything of this subject the fake received. */
  public static List<Map<String, Object>> revocationsOfSubject(String subject) {
    return RECEIVED.stream()
        .filter(r -> r.path().equals("/revocations") && r.body() != null)
        .filter(r -> subject.equals(r.body().get("subject")))
        .map(Received::body)
        .toList();
  }

  /** The bodies of the revocations of everything of this client the fake received. */
  public static List<Map<String, Object>> revocationsOf(String clientId) {
    return RECEIVED.stream()
        .filter(r -> r.path().equals("/revocations") && r.body() != null)
        .filter(r -> clientId.equals(r.body().get("client_id")))
        .map(Received::body)
        .toList();
  }

  /** A request as the fake saw it. */
  public record Received(
      String method, String path, String query, String authorization, Map<String, Object> body) {}

  private static HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/internal/v1/tokens", FakeTokenService::handle);
    server.createContext("/oauth2/token", FakeTokenService::internalToken);
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    return Map.of(
        "signet.admin.token-service-url",
        base,
        // admin-api's own internal token, also when it runs as the packaged jar (*IT), where the
        // test sources' endpoints do not exist.
        "signet.internal.token-url",
        base + "/oauth2/token",
        "signet.internal.client-id",
        INTERNAL_CLIENT_ID,
        "signet.internal.client-secret",
        INTERNAL_CLIENT_SECRET);
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /**
   * Adds an active family with this many active refresh tokens (rotations + 1 issued, the last
   * {@code activeTokens} of them still active) and returns it.
   */
  public static TokenAdminContract.Family family(
      String clientId, String subject, Instant issuedAt, int rotations, int activeTokens) {
    UUID id = UUID.randomUUID();
    TokenAdminContract.Family f =
        new TokenAdminContract.Family(
            id,
            clientId,
            subject,
            "openid offline_access s-" + id.toString().substring(0, 6),
            "active",
            rotations,
            issuedAt,
            rotations == 0 ? null : issuedAt.plusSeconds(60L * rotations),
            issuedAt.plusSeconds(7 * 86400),
            null,
            null);
    FAMILIES.put(id, f);
    ACTIVE_REFRESH_TOKENS.put(id, activeTokens);
    return f;
  }

  /** Adds an access token id token-service knows as active and returns it. */
  public static TokenAdminContract.TokenInfo accessToken(String clientId, String subject) {
    String jti = UUID.randomUUID().toString();
    Instant issued = Instant.now().minusSeconds(60);
    TokenAdminContract.TokenInfo t =
        new TokenAdminContract.TokenInfo(
            jti,
            "access_token",
            clientId,
            subject,
            "deploy:read",
            null,
            "active",
            issued,
            issued.plusSeconds(900),
            null,
            null);
    TOKENS.put(jti, t);
    return t;
  }

  /** admin-api's internal account in tests (the admin entry of signet.admin.internal-accounts). */
  static final String INTERNAL_CLIENT_ID = "admin-test-internal";

  static final String INTERNAL_CLIENT_SECRET = "admin-test-internal-secret";

  private static DatabaseTestTokens signer;

  /**
   * token-service's client_credentials for admin-api's internal account only: a token signed with
   * the test database's active key, so the outbox dispatcher's and the token administration's
   * internal calls are authorized exactly as in production.
   */
  private static void internalToken(HttpExchange ex) throws IOException {
    String expected =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    (INTERNAL_CLIENT_ID + ":" + INTERNAL_CLIENT_SECRET)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      send(ex, 401, Map.of("error", "invalid_client"));
      return;
    }
    synchronized (FakeTokenService.class) {
      if (signer == null) {
        signer = DatabaseTestTokens.fromTestProfile();
      }
    }
    send(
        ex,
        200,
        Map.of(
            "access_token",
            signer.bearer(INTERNAL_CLIENT_ID, "signet:internal"),
            "token_type",
            "Bearer",
            "expires_in",
            900));
  }

  private static void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath().substring("/internal/v1/tokens".length());
      String query = ex.getRequestURI().getRawQuery();
      Map<String, String> params = params(query);
      byte[] raw = ex.getRequestBody().readAllBytes();
      @SuppressWarnings("unchecked")
      Map<String, Object> body = raw.length == 0 ? null : JSON.readValue(raw, Map.class);
      String authorization = ex.getRequestHeaders().getFirst("Authorization");
      RECEIVED.add(new Received(ex.getRequestMethod(), path, query, authorization, body));
      if (authorization == null || !authorization.startsWith("Bearer ")) {
        problem(ex, 401, "A bearer token is required.");
        return;
      }
      String method = ex.getRequestMethod();
      if (method.equals("GET") && path.equals("/families")) {
        listFamilies(ex, params);
      } else if (method.equals("POST") && path.matches("/families/[^/]+/revoke")) {
        revokeFamily(ex, path.split("/")[2], body);
      } else if (method.equals("POST") && path.equals("/revocations")) {
        revokeAll(ex, body);
      } else if (method.equals("GET") && path.matches("/[^/]+")) {
        TokenAdminContract.TokenInfo token = TOKENS.get(path.substring(1));
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
    if ("hang-up".equals(subject)) {
      // Out of the handler, so the server drops the connection without an answer.
      throw new IOException("hanging up on purpose");
    }
    int limit = p.get("limit") == null ? 50 : Integer.parseInt(p.get("limit"));
    // Newest first, ties by id; the cursor is the position after the last item of a page.
    List<TokenAdminContract.Family> matching =
        FAMILIES.values().stream()
            .filter(
                f -> clientId != null ? clientId.equals(f.clientId()) : subject.equals(f.subject()))
            .filter(f -> p.get("status") == null || p.get("status").equals(f.status()))
            .sorted(
                Comparator.comparing(TokenAdminContract.Family::issuedAt)
                    .reversed()
                    .thenComparing(f -> f.familyId().toString()))
            .toList();
    int from = p.get("cursor") == null ? 0 : Integer.parseInt(p.get("cursor").substring(4));
    int to = Math.min(matching.size(), from + limit);
    String next = to < matching.size() ? "pos-" + to : null;
    send(
        ex,
        200,
        new TokenAdminContract.FamilyPage(new ArrayList<>(matching.subList(from, to)), next));
  }

  private static void revokeFamily(HttpExchange ex, String id, Map<String, Object> body)
      throws IOException {
    if (!hasActor(body)) {
      problem(ex, 400, "actor is required.");
      return;
    }
    UUID familyId;
    try {
      familyId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      problem(ex, 400, "family_id is not a UUID.");
      return;
    }
    if (!FAMILIES.containsKey(familyId)) {
      problem(ex, 404, "No such family.");
      return;
    }
    send(
        ex,
        200,
        new TokenAdminContract.FamilyRevocation(
            familyId, revoke(familyId, (String) body.get("reason"))));
  }

  private static void revokeAll(HttpExchange ex, Map<String, Object> body) throws IOException {
    if (!hasActor(body)) {
      problem(ex, 400, "actor is required.");
      return;
    }
    Object clientId = body.get("client_id");
    Object subject = body.get("subject");
    if ((clientId == null) == (subject == null)) {
      problem(ex, 400, "Give exactly one of client_id or subject.");
      return;
    }
    if (FAILING_REVOCATIONS.contains(clientId != null ? clientId : subject)) {
      problem(ex, 503, "cannot record the cutoff now");
      return;
    }
    String reason = (String) body.get("reason");
    Instant now = Instant.now();
    int families = 0;
    int refreshTokens = 0;
    for (TokenAdminContract.Family f : FAMILIES.values()) {
      boolean match =
          clientId != null ? clientId.equals(f.clientId()) : subject.equals(f.subject());
      if (match && "active".equals(f.status())) {
        families++;
        refreshTokens += revoke(f.familyId(), reason);
      }
    }
    int denylisted = 0;
    for (TokenAdminContract.TokenInfo t : TOKENS.values()) {
      boolean match =
          clientId != null ? clientId.equals(t.clientId()) : subject.equals(t.subject());
      if (match && "access_token".equals(t.tokenType()) && "active".equals(t.status())) {
        denylisted++;
        TOKENS.put(
            t.jti(),
            new TokenAdminContract.TokenInfo(
                t.jti(),
                t.tokenType(),
                t.clientId(),
                t.subject(),
                t.scope(),
                t.familyId(),
                "revoked",
                t.issuedAt(),
                t.expiresAt(),
                now,
                reason));
      }
    }
    send(
        ex,
        200,
        new TokenAdminContract.BulkRevocation(
            (String) clientId, (String) subject, families, refreshTokens, denylisted, now));
  }

  private static boolean hasActor(Map<String, Object> body) {
    return body != null && body.get("actor") instanceof String actor && !actor.isBlank();
  }

  /** Revokes the family and returns how many of its refresh tokens were still active. */
  private static int revoke(UUID familyId, String reason) {
    TokenAdminContract.Family f = FAMILIES.get(familyId);
    if (!"active".equals(f.status())) {
      return 0;
    }
    FAMILIES.put(
        familyId,
        new TokenAdminContract.Family(
            f.familyId(),
            f.clientId(),
            f.subject(),
            f.scope(),
            "revoked",
            f.rotationCount(),
            f.issuedAt(),
            f.lastRotatedAt(),
            f.expiresAt(),
            Instant.now(),
            reason));
    Integer active = ACTIVE_REFRESH_TOKENS.put(familyId, 0);
    return active == null ? 0 : active;
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
