package dev.signet.admin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every endpoint of this issue is in /q/openapi with a summary, responses and bearer security. */
@QuarkusTest
class AdminOpenApiTest {

  @Test
  @SuppressWarnings("unchecked")
  void everyAdminEndpointIsDocumented() {
    JsonPath doc =
        given()
            .accept("application/json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Map<String, Object>> paths = doc.getMap("paths");
    List<String> expected =
        List.of(
            "/v1/service-accounts",
            "/v1/service-accounts/{client_id}",
            "/v1/service-accounts/{client_id}/disable",
            "/v1/service-accounts/{client_id}/enable",
            "/v1/service-accounts/{client_id}/rotate-secret",
            "/v1/incidents",
            "/v1/incidents/{id}",
            "/v1/incidents/{id}/acknowledge",
            "/v1/incidents/{id}/resolve",
            "/v1/tokens/families",
            "/v1/tokens/families/{family_id}/revoke",
            "/v1/tokens/revocations",
            "/v1/tokens/{jti}",
            "/v1/overview");
    for (String path : expected) {
      Map<String, Object> item = paths.get(path);
      assertNotNull(item, path);
      for (Map.Entry<String, Object> op : item.entrySet()) {
        if (op.getKey().equals("parameters")) {
          continue;
        }
        Map<String, Object> operation = (Map<String, Object>) op.getValue();
        String where = op.getKey() + " " + path;
        assertNotNull(operation.get("summary"), where);
        Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
        assertTrue(responses.containsKey("401"), where + " documents 401");
        assertTrue(responses.containsKey("403"), where + " documents 403");
        assertFalse(((List<?>) operation.get("security")).isEmpty(), where + " needs bearer");
      }
    }
    Map<String, Object> schemas = doc.getMap("components.schemas");
    for (String schema :
        List.of(
            "CreateServiceAccount",
            "CreatedServiceAccount",
            "ServiceAccount",
            "Incident",
            "TokenFamily",
            "Overview",
            "Problem")) {
      assertNotNull(schemas.get(schema), schema);
    }
    for (String schema : List.of("CreateServiceAccount", "Overview", "ResolveIncident")) {
      Map<String, Object> s = doc.getMap("components.schemas." + schema);
      assertTrue(s.containsKey("example") || s.containsKey("examples"), schema + " has an example");
    }
    assertNotNull(doc.get("components.responses.BadRequest.content"));
  }
}
