package dev.signet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Proves the validators used on k8s/ reject each kind of mistake, not just accept everything. */
class SchemaValidatorsCatchBrokenManifestsTest {

  @ParameterizedTest
  @ValueSource(strings = {"valid-deployment.yaml", "valid-service-monitor.yaml"})
  void validManifestsPass(String file) {
    assertEquals(List.of(), validate(file));
  }

  @ParameterizedTest
  @CsvSource({
    "broken-unknown-field.yaml, portz",
    "broken-wrong-type.yaml, replicas",
    "broken-wrong-type-quoted-number.yaml, containerPort",
    "broken-missing-selector.yaml, selector",
    "broken-missing-container-name.yaml, name",
    "broken-service-monitor-unknown-field.yaml, intervall",
    "broken-service-monitor-wrong-type.yaml, honorLabels",
    "broken-service-monitor-missing-selector.yaml, selector"
  })
  void brokenManifestsFailNamingTheField(String file, String field) {
    List<String> errors = validate(file);
    assertTrue(
        errors.stream().anyMatch(e -> e.contains(field)),
        file + " should fail on " + field + " but gave " + errors);
  }

  private static List<String> validate(String file) {
    JsonObject object = Tools.parseYaml(resource(file)).get(0);
    String apiVersion = object.get("apiVersion").getAsString();
    String kind = object.get("kind").getAsString();
    return KubernetesSchemaValidator.knows(apiVersion, kind)
        ? KubernetesSchemaValidator.validate(object)
        : CrdStructureValidator.validate(object);
  }

  private static String resource(String file) {
    try (InputStream in =
        SchemaValidatorsCatchBrokenManifestsTest.class.getResourceAsStream("/manifests/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
