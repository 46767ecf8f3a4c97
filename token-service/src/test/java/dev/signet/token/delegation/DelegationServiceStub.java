package dev.signet.token.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.common.delegation.DelegationPaths;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * delegation-service's {@code POST /internal/v1/delegations/check} as token-service's tests need
 * it: a real HTTP server on loopback that reads and answers exactly the JSON of {@code
 * dev.signet.common.delegation.DelegationCheckRequest/Response} and decides as delegation-service's
 * {@code HopCheck} does (documented in delegation-service/README.md): grant live and of this
 * principal and actor, no actor twice, {@code current_depth} = the chain's length, depth within the
 * grant's {@code max_depth}, the chain equal to the grant's lineage (parent's actor first), scopes
 * and audiences within the grant (no implied-scope expansion here). Grants are kept in memory.
 */
public class DelegationServiceStub implements QuarkusTestResourceLifecycleManager {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A grant as delegation-service keeps it. */
  public record Grant(
      UUID id,
      UUID parentId,
      String principal,
      String actor,
      List<String> scopes,
      List<String> audiences,
      int depth,
      int maxDepth,
      Instant expiresAt) {}

  private static final Map<UUID, Grant> GRANTS = new ConcurrentHashMap<>();
  private static final Set<UUID> REVOKED = ConcurrentHashMap.newKeySet();

  /** When each revoked grant was revoked, for {@code /internal/v1/delegations/revoked}. */
  private static final Map<UUID, Instant> REVOKED_AT = new ConcurrentHashMap<>();

  /** Every check request received, as JSON. */
  public static final List<JsonNode> REQUESTS = new CopyOnWriteArrayList<>();

  /** While true every check is answered 503, as a delegation-service that is down. */
  public static volatile boolean down;

  /** Every decision request received (a batch's requests one by one), as JSON. */
  public static final List<JsonNode> DECISION_REQUESTS = new CopyOnWriteArrayList<>();

  /** How many batch calls were received. */
  public static final java.util.concurrent.atomic.AtomicInteger BATCHES =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Policies as the stub keeps them: {@code "<action> <resource>"} to the deciding policy's effect.
   * Whatever no entry names is the engine's default deny (no policy ids).
   */
  public static final Map<String, Boolean> POLICIES = new ConcurrentHashMap<>();

  /** The id the stub gives the deciding policy of an explicit answer. */
  public static final UUID POLICY_ID = UUID.fromString("00000000-0000-4000-8000-000000000015");

  /** While true every decision is answered 503. */
  public static volatile boolean decisionsDown;

  private HttpServer server;

  /** A root grant principal -> actor. */
  public static Grant root(
      String principal,
      String actor,
      List<String> scopes,
      List<String> audiences,
      int maxDepth,
      Instant expiresAt) {
    Grant g =
        new Grant(
            UUID.randomUUID(), null, principal, actor, scopes, audiences, 1, maxDepth, expiresAt);
    GRANTS.put(g.id(), g);
    return g;
  }

  /** A child grant from the parent's actor to {@code actor}, one hop deeper. */
  public static Grant child(Grant parent, String actor, List<String> scopes) {
    Grant g =
        new Grant(
            UUID.randomUUID(),
            parent.id(),
            parent.principal(),
            actor,
            scopes,
            parent.audiences(),
            parent.depth() + 1,
            parent.maxDepth(),
            parent.expiresAt());
    GRANTS.put(g.id(), g);
    return g;
  }

  /** Revokes the grant in the stub only: no NOTIFY, as a revocation nobody heard. */
  public static void revoke(UUID id) {
    REVOKED_AT.putIfAbsent(id, Instant.now());
    REVOKED.add(id);
  }

  /** The requests that asked about this grant. */
  public static List<JsonNode> requestsFor(UUID grant) {
    return REQUESTS.stream()
        .filter(r -> grant.toString().equals(r.path("grant_id").asText()))
        .toList();
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext(DelegationPaths.DELEGATION_CHECK, this::check);
    server.createContext(DelegationPaths.DECISIONS, this::decisions);
    server.createContext(DelegationPaths.REVOKED_GRANTS, this::revoked);
    server.start();
    return Map.of(
        "quarkus.rest-client.signet-delegation.url",
        "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private void check(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      REQUESTS.add(body);
      if (down) {
        answer(exchange, 503, "{\"title\":\"Service Unavailable\",\"status\":503}");
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        answer(exchange, 405, "{}");
        return;
      }
      answer(exchange, 200, JSON.writeValueAsString(decide(body)));
    }
  }

  /** Revoked grants in (revoked_at, id) order after {@code since}/{@code after}, {@code limit}. */
  private void revoked(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> q = new java.util.HashMap<>();
      String raw = exchange.getRequestURI().getRawQuery();
      for (String pair : raw == null ? new String[0] : raw.split("&")) {
        int eq = pair.indexOf('=');
        q.put(
            pair.substring(0, eq),
            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      Instant since = Instant.parse(q.get("since"));
      UUID after = q.containsKey("after") ? UUID.fromString(q.get("after")) : new UUID(0, 0);
      int limit = Integer.parseInt(q.getOrDefault("limit", "1000"));
      ObjectNode out = JSON.createObjectNode();
      var list = out.putArray("revoked");
      REVOKED_AT.entrySet().stream()
          .filter(
              e ->
                  e.getValue().isAfter(since)
                      || (e.getValue().equals(since) && e.getKey().compareTo(after) > 0))
          .sorted(
              Map.Entry.<UUID, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
          .limit(limit)
          .forEach(
              e -> {
                ObjectNode r = list.addObject();
                r.put("grant_id", e.getKey().toString());
                r.put("revoked_at", e.getValue().toString());
              });
      answer(exchange, 200, JSON.writeValueAsString(out));
    }
  }

  /** {@code /internal/v1/decisions} and {@code /batch} (the context path covers both). */
  private void decisions(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      if (decisionsDown) {
        answer(exchange, 503, "{\"title\":\"Service Unavailable\",\"status\":503}");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (path.equals(DelegationPaths.DECISIONS)) {
        DECISION_REQUESTS.add(body);
        answer(exchange, 200, JSON.writeValueAsString(decision(body)));
      } else if (path.equals(DelegationPaths.DECISIONS_BATCH)) {
        BATCHES.incrementAndGet();
        ObjectNode out = JSON.createObjectNode();
        var decisions = out.putArray("decisions");
        for (JsonNode r : body.path("requests")) {
          DECISION_REQUESTS.add(r);
          decisions.add(decision(r));
        }
        answer(exchange, 200, JSON.writeValueAsString(out));
      } else {
        answer(exchange, 404, "{}");
      }
    }
  }

  private static ObjectNode decision(JsonNode r) {
    Boolean effect = POLICIES.get(r.path("action").asText() + " " + r.path("resource").asText());
    ObjectNode out = JSON.createObjectNode();
    out.put("allowed", Boolean.TRUE.equals(effect));
    var ids = out.putArray("policy_ids");
    if (effect != null) {
      ids.add(POLICY_ID.toString());
    }
    out.put("reason", effect == null ? "no policy matched (default deny)" : "policy " + POLICY_ID);
    return out;
  }

  private static ObjectNode decide(JsonNode r) {
    UUID id = UUID.fromString(r.path("grant_id").asText());
    Grant grant = GRANTS.get(id);
    if (grant == null) {
      return denied(id, "no such grant");
    }
    if (REVOKED.contains(id)) {
      return denied(id, "the grant is revoked");
    }
    if (!grant.expiresAt().isAfter(Instant.now())) {
      return denied(id, "the grant has expired");
    }
    List<Grant> lineage = new ArrayList<>();
    for (Grant g = grant; g != null; g = g.parentId() == null ? null : GRANTS.get(g.parentId())) {
      lineage.add(g);
    }
    Grant root = lineage.get(lineage.size() - 1);
    String principal = r.path("principal").asText();
    String actor = r.path("actor").asText();
    if (!root.principal().equals(principal)) {
      return denied(id, "the grant is not from this principal");
    }
    if (!grant.actor().equals(actor)) {
      return denied(id, "the grant is not to this actor");
    }
    List<String> chain = strings(r.path("actor_chain"));
    Set<String> seen = new HashSet<>();
    seen.add(principal);
    for (String a : chain) {
      if (!seen.add(a)) {
        return denied(id, "actor cycle: " + a + " appears twice in the chain");
      }
    }
    if (seen.contains(actor)) {
      return denied(id, "actor cycle: " + actor + " is already in the chain");
    }
    int depth = chain.size() + 1;
    if (r.path("current_depth").asInt(-1) != chain.size()) {
      return denied(id, "current_depth does not match the actor chain");
    }
    if (depth > grant.maxDepth()) {
      return denied(id, "depth " + depth + " exceeds the grant's max_depth " + grant.maxDepth());
    }
    List<String> ancestors = lineage.stream().skip(1).map(Grant::actor).toList();
    if (grant.depth() != depth || !ancestors.equals(chain)) {
      return denied(id, "the actor chain does not match the grant's lineage");
    }
    List<String> scopes = strings(r.path("requested_scopes"));
    if (scopes.isEmpty()) {
      scopes = grant.scopes();
    }
    List<String> beyond = scopes.stream().filter(s -> !grant.scopes().contains(s)).toList();
    if (!beyond.isEmpty()) {
      return denied(id, "scopes exceed the grant: " + String.join(", ", beyond));
    }
    List<String> audiences = strings(r.path("requested_audiences"));
    if (audiences.isEmpty()) {
      audiences = grant.audiences();
    }
    List<String> wider = audiences.stream().filter(a -> !grant.audiences().contains(a)).toList();
    if (!wider.isEmpty()) {
      return denied(id, "audiences exceed the grant: " + String.join(", ", wider));
    }
    ObjectNode ok = JSON.createObjectNode();
    ok.put("allowed", true);
    ok.put("grant_id", id.toString());
    scopes.forEach(ok.putArray("scopes")::add);
    audiences.forEach(ok.putArray("audiences")::add);
    ok.put("max_expires_at", grant.expiresAt().toString());
    ok.put("depth", depth);
    ok.put("max_depth", grant.maxDepth());
    ok.put("reason", "allowed by grant " + id);
    return ok;
  }

  private static ObjectNode denied(UUID id, String reason) {
    ObjectNode no = JSON.createObjectNode();
    no.put("allowed", false);
    no.put("grant_id", id.toString());
    no.putArray("scopes");
    no.putArray("audiences");
    no.putNull("max_expires_at");
    no.put("depth", 0);
    no.put("max_depth", 0);
    no.put("reason", reason);
    return no;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(v -> values.add(v.asText()));
    }
    return values;
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
