package dev.signet.token.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.Chromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The pages' shared parts: the HTML error page and the security headers, over HTTP and in Chromium.
 */
@QuarkusTest
class PageErrorPageTest {

  @TestHTTPResource("/")
  URI base;

  @Test
  void aPageRefusalIsAReadableHtmlPageWithTheStrictHeaders() {
    Response page =
        RestAssured.given()
            .queryParam("status", 403)
            .queryParam("detail", "<script>alert(1)</script> not yours")
            .get("/account/test-refusal");
    assertEquals(403, page.statusCode());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    String body = page.body().asString();
    assertTrue(body.contains("Not allowed"), body);
    assertFalse(body.contains("<script>alert(1)"), "the detail is escaped: " + body);
    assertTrue(body.contains("&lt;script&gt;"), body);
    String csp = page.header("Content-Security-Policy");
    assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
    assertFalse(csp.contains("unsafe-inline"), csp);
    assertEquals("no-store", page.header("Cache-Control"));
    assertEquals("DENY", page.header("X-Frame-Options"));
    assertEquals("same-origin", page.header("Referrer-Policy"));
  }

  @Test
  void aSignInRefusalOffersTheSignInPage() {
    String body =
        RestAssured.given()
            .queryParam("status", 401)
            .queryParam("detail", "Your session ended.")
            .get("/account/test-refusal")
            .then()
            .statusCode(401)
            .extract()
            .asString();
    assertTrue(body.contains("href=\"/signin\""), body);
  }

  @Test
  void chromiumShowsTheErrorPageStyledAndWithoutCspViolations() {
    try (Chromium chromium = Chromium.start("error-page")) {
      String detail = URLEncoder.encode("That code has expired.", StandardCharsets.UTF_8);
      chromium
          .driver()
          .get(base.resolve("/account/test-refusal?status=400&detail=" + detail).toString());
      assertEquals(
          "This request cannot be used", chromium.driver().findElement(By.tagName("h1")).getText());
      assertEquals(
          "That code has expired.",
          chromium.driver().findElement(By.cssSelector("[role=alert]")).getText());
      // The stylesheet loaded under the CSP: the header bar has its dark background.
      String background =
          chromium
              .driver()
              .findElement(By.cssSelector("header.top"))
              .getCssValue("background-color");
      assertEquals("rgba(19, 34, 58, 1)", background);
      List<LogEntry> console = chromium.driver().manage().logs().get(LogType.BROWSER).getAll();
      assertTrue(
          console.stream().noneMatch(e -> e.getMessage().contains("Content Security Policy")),
          console.toString());
      chromium.screenshot("refused");
    }
  }
}
