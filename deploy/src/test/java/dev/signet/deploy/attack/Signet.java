package dev.signet.deploy.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.deploy.attack.Http.Answer;
import dev.signet.deploy.suite.Eventually;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the attacks do through the suite's public APIs, and the checks every attack shares: who
 * answered what, and that a refusal changed nothing.
 */
final class Signet {

  static final String SCOPE = "orders:read";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Renewed well before the default 15 min token lifetime runs out. */
  private static final Duration TOKEN_REUSE = Duration.ofMinutes(5);

  private final AttackSuite suite;
  private Client admin;
  private Client observer;
  private String adminToken;
  private Instant adminTokenAt = Instant.EPOCH;

  Signet(AttackSuite suite) {
    this.suite = suite;
  }

  /** The suite's own admin and observer accounts, created by the bootstrap admin. */
  void setUp() {
    // Ready is not yet usable: keyring creates and activates the first signing key on its own.
    String bootstrapToken = awaitAccessToken(suite.bootstrap(), "signet:admin");
    admin = created(createAccount(bootstrapToken, account("atk-admin", List.of("signet:admin"))));
    observer = created(createAccount(bootstrapToken, account("atk-observer", List.of(SCOPE))));
  }

  /** An account holding signet:admin the suite made for itself (not the configured bootstrap). */
  Client admin() {
    return admin;
  }

  /** A plain account (scope orders:read): the "some other client" that introspects. */
  Client observer() {
    return observer;
  }

  /** A fresh enough signet:admin token of {@link #admin()}. */
  synchronized String adminToken() {
    if (adminToken == null || Instant.now().isAfter(adminTokenAt.plus(TOKEN_REUSE))) {
      adminToken = awaitAccessToken(admin, "signet:admin");
      adminTokenAt = Instant.now();
    }
    return adminToken;
  }

  // ------------------------------------------------------------------ token-service

  /** client_credentials with HTTP Basic, {@code scope} unless null, plus {@code extra} pairs. */
  Answer clientCredentials(Client client, String scope, String... extra) {
    String[] pairs = new String[2 + (scope == null ? 0 : 2) + extra.length];
    pairs[0] = "grant_type";
    pairs[1] = "client_credentials";
    int i = 2;
    if (scope != null) {
      pairs[i++] = "scope";
      pairs[i++] = scope;
    }
    System.arraycopy(extra, 0, pairs, i, extra.length);
    return Http.post(suite.tokenUrl() + "/oauth2/token")
        .basic(client.clientId(), client.secret())
        .form(pairs)
        .send();
  }

  /** The access token of a client_credentials answer that must be 200. */
  String accessToken(Client client, String scope, String... extra) {
    Answer answer = clientCredentials(client, scope, extra);
    expectStatus(answer, "client_credentials for " + client.clientId(), 200);
    return answer.text("access_token");
  }

  /** Asks until client_credentials succeeds (startup: the first signing key), bounded. */
  String awaitAccessToken(Client client, String scope) {
    Answer answer =
        Eventually.await(
            "client_credentials succeeds for " + client.clientId(),
            Eventually.DEFAULT,
            () -> clientCredentials(client, scope),
            a -> a.status() == 200);
    return answer.text("access_token");
  }

  Answer refresh(Client client, String refreshToken) {
    return Http.post(suite.tokenUrl() + "/oauth2/token")
        .basic(client.clientId(), client.secret())
        .form("grant_type", "refresh_token", "refresh_token", refreshToken)
        .send();
  }

  /** RFC 7662 introspection by the observer account (not the token's own client). */
  Answer introspect(String token) {
    return Http.post(suite.tokenUrl() + "/oauth2/introspect")
        .basic(observer.clientId(), observer.secret())
        .form("token", token)
        .send();
  }

  boolean active(String token) {
    Answer answer = introspect(token);
    expectStatus(answer, "introspection", 200);
    return answer.json().path("active").asBoolean(false);
  }

  /** Waits (bounded) until introspection says the token is inactive; fails otherwise. */
  void awaitInactive(String token, int seconds, String what) {
    AttackSuite.within(seconds, what, () -> active(token), active -> !active);
  }

  // ------------------------------------------------------------------ admin-api

  /** A create body: a unique client id from {@code prefix}, the scopes, the name as the id. */
  static Map<String, Object> account(String prefix, List<String> scopes) {
    Map<String, Object> body = new LinkedHashMap<>();
    String clientId = unique(prefix);
    body.put("client_id", clientId);
    body.put("name", clientId);
    body.put("scopes", scopes);
    return body;
  }

  Answer createAccount(String bearer, Map<String, Object> body) {
    return Http.post(suite.adminUrl() + "/v1/service-accounts").bearer(bearer).json(body).send();
  }

  /** Creates the account as {@link #admin()}; must be 201. */
  Client createAccount(Map<String, Object> body) {
    return created(createAccount(adminToken(), body));
  }

  Client createAccount(String prefix, List<String> scopes) {
    return createAccount(account(prefix, scopes));
  }

  private static Client created(Answer answer) {
    expectStatus(answer, "create service account", 201);
    return new Client(answer.text("client_id"), answer.text("client_secret"));
  }

  /** GET /v1/service-accounts/{id} as {@link #admin()}: 200 with the account, or 404. */
  Answer account(String clientId) {
    return Http.get(suite.adminUrl() + "/v1/service-accounts/" + Http.encode(clientId))
        .bearer(adminToken())
        .send();
  }

  /** Fails unless the account with this client id does not exist. */
  void expectNoAccount(String clientId, String what) {
    Answer answer = account(clientId);
    if (answer.status() != 404) {
      fail(what + ": the account " + clientId + " exists after the refusal: " + answer);
    }
  }

  // ------------------------------------------------------------------ database

  /** The single long the query answers. */
  long count(String sql, Object... params) {
    try (Connection c = suite.db();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(sql + " failed: " + e.getMessage(), e);
    }
  }

  /** The first column of every row the query answers, as text. */
  List<String> strings(String sql, Object... params) {
    try (Connection c = suite.db();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        List<String> out = new java.util.ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    } catch (SQLException e) {
      throw new AssertionError(sql + " failed: " + e.getMessage(), e);
    }
  }

  int update(String sql, Object... params) {
    try (Connection c = suite.db();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new AssertionError(sql + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Shows token-service's audit delivery still flows: a fresh issuance's {@code token.issued} event
   * (found by its jti) reaches admin-api's audit_events within {@code seconds}.
   */
  void expectAuditDeliveryFlows(String what, int seconds) {
    String jti = claims(accessToken(observer, SCOPE)).path("jti").asText();
    AttackSuite.within(
        seconds,
        what + ": a later token.issued event (jti " + jti + ") reaches admin-api's audit trail",
        () -> count("SELECT count(*) FROM audit_events WHERE target = ?", "jti/" + jti),
        n -> n == 1);
  }

  // ------------------------------------------------------------------ checks

  /** The JWT's claims, read without verifying (the services verify; this only looks). */
  static JsonNode claims(String jwt) {
    return part(jwt, 1);
  }

  /** The text values of a JSON array (empty for anything else). */
  static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  static JsonNode header(String jwt) {
    return part(jwt, 0);
  }

  private static JsonNode part(String jwt, int index) {
    try {
      byte[] json = Base64.getUrlDecoder().decode(jwt.split("\\.")[index]);
      return Http.JSON.readTree(new String(json, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new AssertionError("not a JWT: " + e.getMessage(), e);
    }
  }

  static String unique(String prefix) {
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    return prefix + "-" + HexFormat.of().formatHex(suffix);
  }

  /** Fails, naming the attack, unless the status is one of {@code allowed}. */
  static Answer expectStatus(Answer answer, String what, int... allowed) {
    if (Arrays.stream(allowed).noneMatch(s -> s == answer.status())) {
      fail(
          what
              + ": expected HTTP "
              + Arrays.stream(allowed)
                  .mapToObj(Integer::toString)
                  .collect(Collectors.joining(" or "))
              + ", got "
              + answer);
    }
    return answer;
  }

  /** A refusal in RFC 9457 form with one of the statuses. */
  static Answer expectProblem(Answer answer, String what, int... allowed) {
    expectStatus(answer, what, allowed);
    assertTrue(
        answer.contentType().startsWith("application/problem+json"),
        what + ": a problem+json body, got " + answer.contentType() + " " + answer);
    return answer;
  }

  /** An OAuth error body (RFC 6749 section 5.2) with this status and error code. */
  static Answer expectOAuthError(Answer answer, String what, int status, String error) {
    expectStatus(answer, what, status);
    assertEquals(error, answer.text("error"), what + ": " + answer);
    return answer;
  }

  /** Any answer below 500: the service understood the request was the client's mistake. */
  static Answer expectNoServerError(Answer answer, String what) {
    if (answer.status() >= 500 || answer.status() < 100) {
      fail(what + ": a client's mistake answered " + answer);
    }
    return answer;
  }
}
