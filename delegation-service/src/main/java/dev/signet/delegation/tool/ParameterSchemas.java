package dev.signet.delegation.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.signet.common.error.ProblemException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tool parameter schemas (JSON Schema 2020-12, networknt json-schema-validator). A schema is
 * checked against the 2020-12 meta-schema on write (bundled with the library, never fetched) and
 * may only reference itself: a {@code $ref} to anything but {@code #...} would make the validator
 * fetch a URL. Compiled schemas are cached by their text.
 */
public final class ParameterSchemas {

  /** Most messages a refused call lists. */
  static final int MESSAGES_MAX = 10;

  /** Most compiled schemas kept. */
  private static final int CACHE_MAX = 2_000;

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private static final JsonSchema META =
      FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

  private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

  private ParameterSchemas() {}

  /** A 400 saying what is wrong unless {@code schema} is a self-contained 2020-12 schema. */
  public static void requireValid(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      throw ProblemException.badRequest("parameters must be a JSON Schema object");
    }
    refsLocal(schema, "parameters");
    Set<ValidationMessage> problems = META.validate(schema);
    if (!problems.isEmpty()) {
      throw ProblemException.badRequest(
          "parameters is not a valid JSON Schema: " + first(problems));
    }
  }

  /** The messages of {@code value} against {@code schema}, at most {@link #MESSAGES_MAX}. */
  public static List<String> violations(JsonNode schema, JsonNode value) {
    String key = schema.toString();
    JsonSchema compiled = COMPILED.get(key);
    if (compiled == null) {
      if (COMPILED.size() >= CACHE_MAX) {
        COMPILED.clear();
      }
      compiled = FACTORY.getSchema(schema);
      COMPILED.put(key, compiled);
    }
    return compiled.validate(value).stream()
        .map(ValidationMessage::getMessage)
        .sorted()
        .limit(MESSAGES_MAX)
        .toList();
  }

  private static void refsLocal(JsonNode node, String path) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        String name = f.getKey();
        boolean ref = name.equals("$ref") || name.equals("$dynamicRef");
        if (ref && !(f.getValue().isTextual() && f.getValue().asText().startsWith("#"))) {
          throw ProblemException.badRequest(
              path + "." + name + " may only point inside the schema (#...)");
        }
        if (name.equals("$schema")
            && !f.getValue().asText().equals("https://json-schema.org/draft/2020-12/schema")) {
          throw ProblemException.badRequest(
              path + ".$schema must be https://json-schema.org/draft/2020-12/schema");
        }
        if (name.equals("$id")) {
          throw ProblemException.badRequest(path + ".$id is not supported");
        }
        refsLocal(f.getValue(), path + "." + name);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        refsLocal(node.get(i), path + "[" + i + "]");
      }
    }
  }

  private static String first(Set<ValidationMessage> messages) {
    return messages.stream().map(ValidationMessage::getMessage).sorted().findFirst().orElse("");
  }
}
