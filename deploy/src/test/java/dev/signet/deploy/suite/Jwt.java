package dev.signet.deploy.suite;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The header and claims of a compact JWS as they are, unverified: for tests that compare a token
 * with what a service says about it (verification is {@code SuiteLifecycleIT}'s and the services').
 */
final class Jwt {

  private Jwt() {}

  static JsonPath header(String jwt) {
    return part(jwt, 0);
  }

  static JsonPath claims(String jwt) {
    return part(jwt, 1);
  }

  private static JsonPath part(String jwt, int index) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      throw new AssertionError("not a compact JWS (" + parts.length + " parts)");
    }
    return new JsonPath(
        new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
  }
}
