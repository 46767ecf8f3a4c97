package dev.signet.delegation.scopes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.error.ProblemException;
import dev.signet.common.testing.TestTokens;
import dev.signet.delegation.DelegationScopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML scope seed: applied at start, idempotent, all-or-nothing. */
@QuarkusTest
class ScopeSeedTest {

  @Inject TestTokens tokens;
  @Inject ScopeSeed seed;

  @TempDir Path dir;

  private final String p = "s" + UUID.randomUUID().toString().substring(0, 8) + ".";

  @Test
  void seedFileOfTheTestProfileWasAppliedAtStart() {
    given()
        .auth()
        .oauth2(tokens.bearer("carol", DelegationScopes.READ))
        .contentType(ContentType.JSON)
        .body(Map.of("scopes", List.of("seed.repo:admin")))
        .post("/v1/scopes/expand")
        .then()
        .statusCode(200)
        .body("scopes", contains("seed.repo:admin", "seed.repo:read", "seed.repo:write"));
  }

  @Test
  void applyingTheSameFileTwiceChangesNothingTheSecondTime() throws IOException {
    Path file =
        yaml(
            "scopes:\n"
                + "  - name: "
                + p
                + "b\n    implies: ["
                + p
                + "a]\n"
                + "  - name: "
                + p
                + "a\n    description: first\n");
    assertEquals(List.of(p + "b", p + "a"), seed.apply(file).await().indefinitely());
    assertEquals(List.of(), seed.apply(file).await().indefinitely());
    assertEquals(1, ScopesApiTest.auditEvents("scope.created", p + "b"));
  }

  @Test
  void seedThatClosesACycleWritesNothing() throws IOException {
    Path file =
        yaml(
            "scopes:\n  - name: "
                + p
                + "a\n    implies: ["
                + p
                + "b]\n  - name: "
                + p
                + "b\n    implies: ["
                + p
                + "a]\n");
    ProblemException e =
        assertThrows(ProblemException.class, () -> seed.apply(file).await().indefinitely());
    assertTrue(e.problem().detail().contains("cycle"), e.problem().detail());
    given()
        .auth()
        .oauth2(tokens.bearer("carol", DelegationScopes.READ))
        .get("/v1/scopes/" + p + "a")
        .then()
        .statusCode(404);
  }

  @Test
  void malformedSeedFilesAreRefusedWithTheFileNamed() throws IOException {
    for (String text :
        List.of(
            "scopes:\n  - name: \"bad\\0name\"\n",
            "scopes:\n  - name: " + p + "x\n  - name: " + p + "x\n",
            "scopes:\n  - name: " + p + "x\n    colour: red\n",
            "nothing: here\n",
            "scopes: [\n")) {
      Path file = yaml(text);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> ScopeSeed.read(file), text);
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }

  @Test
  void seededScopeReadsBackWithItsAttributes() {
    given()
        .auth()
        .oauth2(tokens.bearer("carol", DelegationScopes.READ))
        .get("/v1/scopes/seed.repo:admin")
        .then()
        .statusCode(200)
        .body("sensitive", equalTo(true))
        .body("implies", contains("seed.repo:write"));
  }

  private Path yaml(String text) throws IOException {
    Path file = dir.resolve(UUID.randomUUID() + ".yaml");
    Files.writeString(file, text);
    return file;
  }
}
