package dev.signet.token.passkey;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.token.Fixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * admin-api's {@code GET /v1/verify} as the welcome page needs it: a real HTTP server on loopback
 * answering as {@code VerifyResource} does (admin-api's tests cover its logic). An unknown invite
 * or wrong token is a 404, a used or expired one a 410 with admin-api's sentence; a pending one is
 * redeemed once: the person becomes active in the shared users table (with the notification
 * admin-api sends) and the answer carries a key enrollment token.
 */
public class AdminVerifyStub implements QuarkusTestResourceLifecycleManager {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An invite as admin-api keeps it, for the stub. */
  public record Invite(UUID id, String token, UUID userId, String email, boolean expired) {}

  private static final Map<UUID, Invite> INVITES = new ConcurrentHashMap<>();
  private static final Map<UUID, Boolean> REDEEMED = new ConcurrentHashMap<>();

  /** Every call received, whatever its answer. */
  public static final AtomicInteger CALLS = new AtomicInteger();

  /** While true every call is answered 503, as an admin-api that is down. */
  public static volatile boolean down;

  private HttpServer server;

  /** An invited person (status invited, as admin-api creates them) and their pending invite. */
  public static Invite invite() {
    return invite(false);
  }

  public static Invite invite(boolean expired) {
    UUID user = UUID.randomUUID();
    String email = "invited-" + user + "@people.example";
    Fixtures.update(
        "INSERT INTO users (id, email, status, roles) VALUES (?, ?, 'invited', '{}'::text[])",
        user,
        email);
    Invite invite =
        new Invite(
            UUID.randomUUID(),
            "tok_" + UUID.randomUUID().toString().replace("-", ""),
            user,
            email,
            expired);
    INVITES.put(invite.id(), invite);
    return invite;
  }

  /** The link the invite mail carries, on the given base. */
  public static String link(String base, Invite invite) {
    return base + "/welcome?invite=" + invite.id() + "&token=" + invite.token();
  }

  public static boolean redeemed(Invite invite) {
    return REDEEMED.containsKey(invite.id());
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/v1/verify", this::verify);
    server.start();
    return Map.of(
        "signet.token.pages.admin-api-url", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private void verify(HttpExchange exchange) throws IOException {
    try (exchange) {
      CALLS.incrementAndGet();
      if (down) {
        problem(exchange, 503, "Service Unavailable", "down");
        return;
      }
      Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
      Invite invite;
      try {
        invite = INVITES.get(UUID.fromString(q.getOrDefault("invite", "")));
      } catch (IllegalArgumentException e) {
        problem(exchange, 400, "Bad Request", "invite is not a valid id.");
        return;
      }
      if (invite == null || !invite.token().equals(q.get("token"))) {
        problem(exchange, 404, "Not Found", "No invite matches this link.");
        return;
      }
      if (invite.expired()) {
        problem(exchange, 410, "Gone", "This invite has expired; ask for a new one.");
        return;
      }
      if (REDEEMED.putIfAbsent(invite.id(), true) != null) {
        problem(exchange, 410, "Gone", "This invite was already used.");
        return;
      }
      Fixtures.update(
          "UPDATE users SET status = 'active', email_verified_at = now() WHERE id = ?",
          invite.userId());
      Fixtures.notify(DatabaseChannels.USERS_CHANGED, invite.userId().toString());
      ObjectNode body = JSON.createObjectNode();
      body.put("user_id", invite.userId().toString());
      body.put("email", invite.email());
      body.put("key_enrollment_token", "ket_" + UUID.randomUUID().toString().replace("-", ""));
      body.put("key_enrollment_token_expires_at", Instant.now().plusSeconds(900).toString());
      answer(exchange, 200, "application/json", JSON.writeValueAsString(body));
    }
  }

  private static void problem(HttpExchange exchange, int status, String title, String detail)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    answer(exchange, status, "application/problem+json", JSON.writeValueAsString(body));
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        q.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }
}
