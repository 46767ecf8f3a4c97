package dev.signet.deploy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates built-in Kubernetes objects against the API schema (1.32) the way the API server's
 * strict field validation does: unknown fields, wrong value types and missing required fields are
 * errors.
 *
 * <p>The official Java models know every field and which are required ({@code
 * validateJsonElement}); wrong scalar types are found by reading the object into the model and
 * comparing the JSON types of what comes back with what was written, because Gson would quietly
 * turn {@code "8080"} into a number.
 */
final class KubernetesSchemaValidator {

  private static final Map<String, Class<?>> MODELS =
      Map.ofEntries(
          Map.entry("v1/Namespace", V1Namespace.class),
          Map.entry("v1/ConfigMap", V1ConfigMap.class),
          Map.entry("v1/Secret", V1Secret.class),
          Map.entry("v1/Service", V1Service.class),
          Map.entry("v1/ServiceAccount", V1ServiceAccount.class),
          Map.entry("apps/v1/Deployment", V1Deployment.class),
          Map.entry("batch/v1/Job", V1Job.class),
          Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
          Map.entry("networking.k8s.io/v1/Ingress", V1Ingress.class));

  private KubernetesSchemaValidator() {}

  static boolean knows(String apiVersion, String kind) {
    return MODELS.containsKey(apiVersion + "/" + kind);
  }

  /** The schema errors of one object; empty when it is valid. */
  static List<String> validate(JsonObject object) {
    String apiVersion = text(object, "apiVersion");
    String kind = text(object, "kind");
    String name = describe(object);
    Class<?> model = MODELS.get(apiVersion + "/" + kind);
    if (model == null) {
      return List.of(name + ": no schema known for " + apiVersion + "/" + kind);
    }
    List<String> errors = new ArrayList<>();
    try {
      Method validate = model.getMethod("validateJsonElement", JsonElement.class);
      validate.invoke(null, object);
      Object typed = JSON.getGson().fromJson(object, model);
      JsonElement back = JsonParser.parseString(JSON.serialize(typed));
      compareTypes("", object, back, errors);
    } catch (InvocationTargetException e) {
      errors.add(message(e.getCause()) + locate(object, e.getCause()));
    } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
      errors.add(message(e) + locate(object, e));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    return errors.stream().map(e -> name + ": " + e).toList();
  }

  static String describe(JsonObject object) {
    JsonObject meta = object.has("metadata") ? object.getAsJsonObject("metadata") : null;
    String name = meta != null && meta.has("name") ? meta.get("name").getAsString() : "?";
    return text(object, "kind") + "/" + name;
  }

  private static String text(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  private static String message(Throwable e) {
    String text = e.getMessage() == null ? e.toString() : e.getMessage();
    // The model's messages append the whole JSON; the field name is what a reader needs.
    for (String tail : List.of(" JSON: ", " in the JSON string: ")) {
      int json = text.indexOf(tail);
      if (json > 0) {
        text = text.substring(0, json);
      }
    }
    return text;
  }

  private static final Pattern BAD_INPUT = Pattern.compile("input string: \"([^\"]*)\"");

  /**
   * Where a value Gson could not convert sits, e.g. {@code replicas: two}: " at .spec.replicas".
   */
  private static String locate(JsonObject object, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      Matcher m = BAD_INPUT.matcher(String.valueOf(t.getMessage()));
      if (m.find()) {
        List<String> paths = new ArrayList<>();
        find("", object, m.group(1), paths);
        return paths.isEmpty() ? "" : " (wrong type at " + String.join(", ", paths) + ")";
      }
    }
    return "";
  }

  private static void find(String path, JsonElement element, String value, List<String> paths) {
    if (element.isJsonObject()) {
      for (Map.Entry<String, JsonElement> field : element.getAsJsonObject().entrySet()) {
        find(path + "." + field.getKey(), field.getValue(), value, paths);
      }
    } else if (element.isJsonArray()) {
      for (int i = 0; i < element.getAsJsonArray().size(); i++) {
        find(path + "[" + i + "]", element.getAsJsonArray().get(i), value, paths);
      }
    } else if (element.isJsonPrimitive() && element.getAsString().equals(value)) {
      paths.add(path);
    }
  }

  private static void compareTypes(
      String path, JsonElement written, JsonElement read, List<String> errors) {
    if (written == null || written.isJsonNull()) {
      return;
    }
    if (read == null || read.isJsonNull()) {
      errors.add(path + ": not part of the schema (dropped when read)");
    } else if (written.isJsonObject()) {
      if (!read.isJsonObject()) {
        errors.add(path + ": expected " + kindOf(read) + ", found an object");
        return;
      }
      JsonObject readObject = read.getAsJsonObject();
      for (Map.Entry<String, JsonElement> field : written.getAsJsonObject().entrySet()) {
        compareTypes(
            path + "." + field.getKey(), field.getValue(), readObject.get(field.getKey()), errors);
      }
    } else if (written.isJsonArray()) {
      if (!read.isJsonArray()) {
        errors.add(path + ": expected " + kindOf(read) + ", found an array");
        return;
      }
      JsonArray writtenArray = written.getAsJsonArray();
      JsonArray readArray = read.getAsJsonArray();
      for (int i = 0; i < writtenArray.size(); i++) {
        compareTypes(
            path + "[" + i + "]",
            writtenArray.get(i),
            i < readArray.size() ? readArray.get(i) : null,
            errors);
      }
    } else if (!kindOf(written).equals(kindOf(read))) {
      errors.add(path + ": expected " + kindOf(read) + ", found " + kindOf(written));
    }
  }

  private static String kindOf(JsonElement element) {
    if (element.isJsonObject()) {
      return "an object";
    }
    if (element.isJsonArray()) {
      return "an array";
    }
    JsonPrimitive primitive = element.getAsJsonPrimitive();
    if (primitive.isBoolean()) {
      return "a boolean";
    }
    return primitive.isNumber() ? "a number" : "a string";
  }
}
