package dev.signet.deploy.suite;

import static io.restassured.RestAssured.given;

import dev.signet.deploy.suite.SuiteProcesses.Client;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** admin-api's /v1 endpoints the suite tests drive, called with an admin's bearer token. */
final class AdminApiClient {

  /** A secret rotation's answer: the new credentials and until when the old secret works. */
  record RotatedSecret(Client client, Instant previousSecretExpiresAt) {}

  private final String baseUrl;
  private final Supplier<String> accessToken;

  /** {@code accessToken} is asked for each call, so a renewed token is picked up. */
  AdminApiClient(String baseUrl, Supplier<String> accessToken) {
    this.baseUrl = baseUrl;
    this.accessToken = accessToken;
  }

  /** POST /v1/service-accounts; the answer is the only place the secret is ever shown. */
  Client createServiceAccount(String name, List<String> scopes, boolean refreshEnabled) {
    Response response =
        admin()
            .contentType("application/json")
            .body(Map.of("name", name, "scopes", scopes, "refresh_enabled", refreshEnabled))
            .post("/v1/service-accounts");
    JsonPath created = Answers.expect(response, 201, "create service account").jsonPath();
    return new Client(created.getString("client_id"), created.getString("client_secret"));
  }

  JsonPath serviceAccount(String clientId) {
    Response response = admin().get("/v1/service-accounts/{id}", clientId);
    return Answers.expect(response, 200, "get service account").jsonPath();
  }

  RotatedSecret rotateSecret(String clientId, int overlapSeconds) {
    Response response =
        admin()
            .queryParam("overlap_seconds", overlapSeconds)
            .post("/v1/service-accounts/{id}/rotate-secret", clientId);
    JsonPath rotated = Answers.expect(response, 200, "rotate secret").jsonPath();
    return new RotatedSecret(
        new Client(clientId, rotated.getString("client_secret")),
        // No overlap: the previous secret is gone at once and has no expiry.
        rotated.getString("previous_secret_expires_at") == null
            ? null
            : Instant.parse(rotated.getString("previous_secret_expires_at")));
  }

  JsonPath disable(String clientId) {
    Response response = admin().post("/v1/service-accounts/{id}/disable", clientId);
    return Answers.expect(response, 200, "disable service account").jsonPath();
  }

  /** The incident of {@code type} for {@code clientId}, once admin-api has it. */
  Optional<Map<String, Object>> incident(String type, String clientId) {
    Response response =
        admin().queryParam("type", type).queryParam("limit", 200).get("/v1/incidents");
    List<Map<String, Object>> items =
        Answers.expect(response, 200, "list incidents").jsonPath().getList("items");
    return items.stream().filter(i -> clientId.equals(i.get("client_id"))).findFirst();
  }

  JsonPath incident(String id) {
    return Answers.expect(admin().get("/v1/incidents/{id}", id), 200, "get incident").jsonPath();
  }

  JsonPath acknowledgeIncident(String id) {
    Response response = admin().post("/v1/incidents/{id}/acknowledge", id);
    return Answers.expect(response, 200, "acknowledge incident").jsonPath();
  }

  JsonPath resolveIncident(String id, String note) {
    Response response =
        admin()
            .contentType("application/json")
            .body(Map.of("note", note))
            .post("/v1/incidents/{id}/resolve", id);
    return Answers.expect(response, 200, "resolve incident").jsonPath();
  }

  // ------------------------------------------------------------ token administration

  /** GET /v1/tokens/families of a client: one page, {@code cursor} null for the first. */
  JsonPath families(String clientId, String status, int limit, String cursor) {
    RequestSpecification request =
        admin().queryParam("client_id", clientId).queryParam("limit", limit);
    if (status != null) {
      request.queryParam("status", status);
    }
    if (cursor != null) {
      request.queryParam("cursor", cursor);
    }
    return Answers.expect(request.get("/v1/tokens/families"), 200, "list token families")
        .jsonPath();
  }

  /** POST /v1/tokens/families/{id}/revoke with a reason. */
  Response revokeFamily(String familyId, String reason) {
    return admin()
        .contentType("application/json")
        .body(Map.of("reason", reason))
        .post("/v1/tokens/families/{id}/revoke", familyId);
  }

  /** POST /v1/tokens/revocations for every token of a client. */
  Response revokeAllOfClient(String clientId, String reason) {
    return admin()
        .contentType("application/json")
        .body(Map.of("client_id", clientId, "reason", reason))
        .post("/v1/tokens/revocations");
  }

  /** GET /v1/tokens/{jti}: what token-service knows about a token id. */
  Response token(String jti) {
    return admin().get("/v1/tokens/{jti}", jti);
  }

  private RequestSpecification admin() {
    return given().baseUri(baseUrl).auth().oauth2(accessToken.get()).accept("application/json");
  }
}
