package dev.signet.admin.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Incidents worked in the console show in the REST API; forms need the session's CSRF token. */
@QuarkusTest
class IncidentPagesTest {

  @TestHTTPResource("/")
  URI base;

  @Inject TestTokens tokens;

  private static UUID incident() {
    UUID id = UUID.randomUUID();
    Sql.update(
        "INSERT INTO incidents (id, type, subject, source_event_id) VALUES (?, ?, ?, ?)",
        id,
        "incident.refresh_token_reuse",
        "user:" + UUID.randomUUID(),
        UUID.randomUUID());
    return id;
  }

  private static String status(UUID id) {
    return Sql.row("SELECT status FROM incidents WHERE id = ?", id).get("status").toString();
  }

  @Test
  void adminResolvesAnIncidentInTheConsoleAndTheRestApiShowsIt() {
    UUID id = incident();
    ConsoleBrowser browser = new ConsoleBrowser(base);
    HttpResponse<String> page = browser.get("/console/incidents?status=open");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("incident-" + id), page.body());
    HttpResponse<String> row =
        browser.post(
            "/console/incidents/" + id + "/resolve",
            ConsoleBrowser.fields("csrf", ConsoleBrowser.csrf(page), "note", "Laptop re-imaged"),
            Map.of("HX-Request", "true"));
    assertEquals(200, row.statusCode(), row.body());
    assertTrue(row.body().startsWith("<tr") || row.body().trim().startsWith("<tr"), row.body());
    assertTrue(row.body().contains("resolved by user-admin"), row.body());
    given()
        .auth()
        .oauth2(tokens.bearer("rest-reader", "signet:incidents:admin"))
        .get("/v1/incidents/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("resolved"))
        .body("resolved_by", equalTo("user-admin"))
        .body("resolution_note", equalTo("Laptop re-imaged"));
  }

  @Test
  void acknowledgeWithoutHtmxAnswersTheWholePage() {
    UUID id = incident();
    ConsoleBrowser browser = new ConsoleBrowser(base);
    HttpResponse<String> page = browser.get("/console/incidents");
    HttpResponse<String> after =
        browser.post(
            "/console/incidents/" + id + "/acknowledge",
            ConsoleBrowser.fields("csrf", ConsoleBrowser.csrf(page)));
    assertEquals(200, after.statusCode(), after.body());
    assertTrue(after.body().contains("<h1>Incidents</h1>"), after.body());
    assertEquals("acknowledged", status(id));
  }

  @Test
  void formPostWithoutOrWithAForeignCsrfTokenIsRefusedAndChangesNothing() {
    UUID id = incident();
    ConsoleBrowser browser = new ConsoleBrowser(base);
    browser.get("/console/incidents");
    HttpResponse<String> none =
        browser.post("/console/incidents/" + id + "/resolve", ConsoleBrowser.fields("note", "x"));
    assertEquals(403, none.statusCode(), none.body());
    assertTrue(none.body().contains("Form expired"), none.body());
    // A token of another session (another browser signed in as the same person) does not match.
    String foreign = ConsoleBrowser.csrf(new ConsoleBrowser(base).get("/console/incidents"));
    for (String bad : new String[] {foreign, "1.AAAA", "x".repeat(300), "1.\u0000", "abc"}) {
      HttpResponse<String> refused =
          browser.post(
              "/console/incidents/" + id + "/acknowledge", ConsoleBrowser.fields("csrf", bad));
      assertEquals(403, refused.statusCode(), bad + ": " + refused.body());
    }
    HttpResponse<String> header =
        browser.post(
            "/console/incidents/" + id + "/acknowledge",
            ConsoleBrowser.fields(),
            Map.of("X-CSRF-Token", "1.AAAA", "HX-Request", "true"));
    assertEquals(403, header.statusCode());
    assertEquals("open", status(id));
  }

  @Test
  void aBadNoteShowsTheApisValidationMessageAndChangesNothing() {
    UUID id = incident();
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String csrf = ConsoleBrowser.csrf(browser.get("/console/incidents"));
    for (String note : new String[] {"", "   ", "a\u0000b", "n".repeat(4001)}) {
      HttpResponse<String> page =
          browser.post(
              "/console/incidents/" + id + "/resolve",
              ConsoleBrowser.fields("csrf", csrf, "note", note));
      assertEquals(200, page.statusCode(), page.body());
      assertTrue(page.body().contains("role=\"alert\""), note + ": " + page.body());
    }
    HttpResponse<String> badId =
        browser.post(
            "/console/incidents/not-a-uuid/resolve",
            ConsoleBrowser.fields("csrf", csrf, "note", "x"));
    assertEquals(200, badId.statusCode(), badId.body());
    assertTrue(badId.body().contains("Incident id must be a UUID."), badId.body());
    assertEquals("open", status(id));
  }
}
