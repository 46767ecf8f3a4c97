package dev.signet.deploy.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.io.IOException;
import java.util.List;

/**
 * Checks on HTTP answers. Failure messages show the status and the body without tokens or secrets:
 * build logs are kept, and a token must not end up in one even from a test.
 */
final class Answers {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SECRET_FIELDS =
      List.of("access_token", "refresh_token", "client_secret");

  private Answers() {}

  /** Fails, naming {@code what}, unless the answer has {@code status}. */
  static Response expect(Response response, int status, String what) {
    if (response.statusCode() != status) {
      throw new AssertionError(what + ": expected HTTP " + status + ", got " + summary(response));
    }
    return response;
  }

  /** Fails unless the answer is the OAuth error {@code error} (RFC 6749 section 5.2). */
  static Response expectOAuthError(Response response, int status, String error, String what) {
    expect(response, status, what);
    assertEquals(error, response.jsonPath().getString("error"), what + ": " + summary(response));
    return response;
  }

  /** Status and body, secrets left out. */
  static String summary(Response response) {
    String body = response.asString();
    try {
      JsonNode json = JSON.readTree(body);
      if (json instanceof ObjectNode object) {
        for (String field : SECRET_FIELDS) {
          if (object.has(field)) {
            object.put(field, "(hidden)");
          }
        }
        body = object.toString();
      }
    } catch (IOException notJson) {
      // shown as it is
    }
    return "HTTP " + response.statusCode() + " " + body;
  }
}
