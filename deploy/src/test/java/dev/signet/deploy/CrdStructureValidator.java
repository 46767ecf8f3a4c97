package dev.signet.deploy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural check of the Prometheus Operator objects (ServiceMonitor, PrometheusRule): the fields
 * Signet uses, with their types and required fields, taken from the monitoring.coreos.com/v1 CRDs.
 * Unknown fields are errors except where the CRD itself allows free-form content.
 */
final class CrdStructureValidator {

  private sealed interface Shape permits Obj, Arr, Scalar, StringMap, Open {}

  /** An object with known fields; {@code required} must be present. */
  private record Obj(Map<String, Shape> fields, Set<String> required) implements Shape {}

  private record Arr(Shape items) implements Shape {}

  private enum Scalar implements Shape {
    STRING,
    INT,
    BOOL,
    INT_OR_STRING
  }

  /** map[string]string, e.g. labels. */
  private record StringMap() implements Shape {}

  /** Content the CRD does not constrain further (relabel configs, TLS settings). */
  private record Open() implements Shape {}

  private static final Shape STR = Scalar.STRING;
  private static final Shape LABELS = new StringMap();

  private static final Obj METADATA =
      new Obj(
          Map.of("name", STR, "namespace", STR, "labels", LABELS, "annotations", LABELS),
          Set.of("name"));

  private static final Obj LABEL_SELECTOR =
      new Obj(
          Map.of(
              "matchLabels",
              LABELS,
              "matchExpressions",
              new Arr(
                  new Obj(
                      Map.of("key", STR, "operator", STR, "values", new Arr(STR)),
                      Set.of("key", "operator")))),
          Set.of());

  private static final Obj ENDPOINT =
      new Obj(
          Map.ofEntries(
              Map.entry("port", STR),
              Map.entry("targetPort", Scalar.INT_OR_STRING),
              Map.entry("path", STR),
              Map.entry("scheme", STR),
              Map.entry("interval", STR),
              Map.entry("scrapeTimeout", STR),
              Map.entry("honorLabels", Scalar.BOOL),
              Map.entry("honorTimestamps", Scalar.BOOL),
              Map.entry("followRedirects", Scalar.BOOL),
              Map.entry("enableHttp2", Scalar.BOOL),
              Map.entry("filterRunning", Scalar.BOOL),
              Map.entry("params", new Open()),
              Map.entry("tlsConfig", new Open()),
              Map.entry("relabelings", new Arr(new Open())),
              Map.entry("metricRelabelings", new Arr(new Open()))),
          Set.of());

  private static final Obj SERVICE_MONITOR =
      new Obj(
          Map.of(
              "apiVersion", STR,
              "kind", STR,
              "metadata", METADATA,
              "spec",
                  new Obj(
                      Map.of(
                          "jobLabel", STR,
                          "targetLabels", new Arr(STR),
                          "podTargetLabels", new Arr(STR),
                          "selector", LABEL_SELECTOR,
                          "namespaceSelector",
                              new Obj(
                                  Map.of("any", Scalar.BOOL, "matchNames", new Arr(STR)), Set.of()),
                          "endpoints", new Arr(ENDPOINT),
                          "sampleLimit", Scalar.INT),
                      Set.of("selector", "endpoints"))),
          Set.of("apiVersion", "kind", "metadata", "spec"));

  private static final Obj RULE =
      new Obj(
          Map.of(
              "alert", STR,
              "record", STR,
              "expr", Scalar.INT_OR_STRING,
              "for", STR,
              "keep_firing_for", STR,
              "labels", LABELS,
              "annotations", LABELS),
          Set.of("expr"));

  private static final Obj PROMETHEUS_RULE =
      new Obj(
          Map.of(
              "apiVersion", STR,
              "kind", STR,
              "metadata", METADATA,
              "spec",
                  new Obj(
                      Map.of(
                          "groups",
                          new Arr(
                              new Obj(
                                  Map.of(
                                      "name", STR,
                                      "interval", STR,
                                      "query_offset", STR,
                                      "limit", Scalar.INT,
                                      "labels", LABELS,
                                      "rules", new Arr(RULE)),
                                  Set.of("name")))),
                      Set.of())),
          Set.of("apiVersion", "kind", "metadata", "spec"));

  private static final Map<String, Obj> KINDS =
      Map.of(
          "monitoring.coreos.com/v1/ServiceMonitor", SERVICE_MONITOR,
          "monitoring.coreos.com/v1/PrometheusRule", PROMETHEUS_RULE);

  private CrdStructureValidator() {}

  static boolean knows(String apiVersion, String kind) {
    return KINDS.containsKey(apiVersion + "/" + kind);
  }

  static List<String> validate(JsonObject object) {
    String key = object.get("apiVersion").getAsString() + "/" + object.get("kind").getAsString();
    List<String> errors = new ArrayList<>();
    Obj shape = KINDS.get(key);
    if (shape == null) {
      errors.add("no structure known for " + key);
    } else {
      check("", object, shape, errors);
    }
    String name = KubernetesSchemaValidator.describe(object);
    return errors.stream().map(e -> name + ": " + e).toList();
  }

  private static void check(String path, JsonElement value, Shape shape, List<String> errors) {
    if (shape instanceof Open) {
      return;
    }
    if (shape instanceof Obj obj) {
      if (!value.isJsonObject()) {
        errors.add(path + ": expected an object");
        return;
      }
      JsonObject object = value.getAsJsonObject();
      for (String required : obj.required()) {
        if (!object.has(required) || object.get(required).isJsonNull()) {
          errors.add(path + "." + required + ": required field is missing");
        }
      }
      for (Map.Entry<String, JsonElement> field : object.entrySet()) {
        Shape fieldShape = obj.fields().get(field.getKey());
        if (fieldShape == null) {
          errors.add(path + "." + field.getKey() + ": unknown field");
        } else {
          check(path + "." + field.getKey(), field.getValue(), fieldShape, errors);
        }
      }
    } else if (shape instanceof Arr arr) {
      if (!value.isJsonArray()) {
        errors.add(path + ": expected an array");
        return;
      }
      for (int i = 0; i < value.getAsJsonArray().size(); i++) {
        check(path + "[" + i + "]", value.getAsJsonArray().get(i), arr.items(), errors);
      }
    } else if (shape instanceof StringMap) {
      if (!value.isJsonObject()) {
        errors.add(path + ": expected a map of strings");
        return;
      }
      for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
        check(path + "." + entry.getKey(), entry.getValue(), Scalar.STRING, errors);
      }
    } else if (shape instanceof Scalar scalar) {
      boolean ok = value.isJsonPrimitive() && matches(value.getAsJsonPrimitive(), scalar);
      if (!ok) {
        errors.add(path + ": expected " + scalar.name().toLowerCase().replace('_', ' '));
      }
    }
  }

  private static boolean matches(com.google.gson.JsonPrimitive value, Scalar scalar) {
    switch (scalar) {
      case STRING:
        return value.isString();
      case INT:
        return value.isNumber();
      case BOOL:
        return value.isBoolean();
      default:
        return value.isString() || value.isNumber();
    }
  }
}
