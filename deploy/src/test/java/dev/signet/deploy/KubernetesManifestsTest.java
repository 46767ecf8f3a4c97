package dev.signet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders k8s/ (base and every overlay) and checks each object against the API schema. */
class KubernetesManifestsTest {

  private static final List<String> SERVICES =
      List.of(
          "token-service", "keyring-service", "delegation-service", "cert-service", "admin-api");

  private static final Pattern SECRET_LIKE =
      Pattern.compile(".*(SECRET|PASSWORD|HMAC_KEYS|MASTER_KEYS).*");

  @ParameterizedTest
  @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
  void everyRenderedObjectMatchesItsSchema(String dir) {
    List<JsonObject> objects = Tools.kustomize(dir);
    assertFalse(objects.isEmpty(), dir + " renders nothing");
    List<String> errors = new ArrayList<>();
    for (JsonObject object : objects) {
      String apiVersion = object.get("apiVersion").getAsString();
      String kind = object.get("kind").getAsString();
      if (KubernetesSchemaValidator.knows(apiVersion, kind)) {
        errors.addAll(KubernetesSchemaValidator.validate(object));
      } else if (CrdStructureValidator.knows(apiVersion, kind)) {
        errors.addAll(CrdStructureValidator.validate(object));
      } else {
        errors.add(
            KubernetesSchemaValidator.describe(object)
                + ": "
                + apiVersion
                + " "
                + kind
                + " has no validator; add its model");
      }
    }
    assertEquals(List.of(), errors, dir + " has schema errors");
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
  void everyServiceHasItsFullSetOfObjects(String dir) {
    List<JsonObject> objects = Tools.kustomize(dir);
    for (String service : SERVICES) {
      for (String kind :
          List.of(
              "Deployment",
              "Service",
              "ServiceAccount",
              "PodDisruptionBudget",
              "HorizontalPodAutoscaler",
              "ServiceMonitor")) {
        assertTrue(find(objects, kind, service).isPresent(), dir + ": no " + kind + " " + service);
      }
    }
    assertTrue(find(objects, "Job", "signet-migrate").isPresent(), dir + ": no migration Job");
    assertTrue(find(objects, "PrometheusRule", "signet").isPresent(), dir + ": no PrometheusRule");
    assertTrue(
        find(objects, "NetworkPolicy", "signet-default-deny").isPresent(),
        dir + ": no default-deny NetworkPolicy");
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
  void podsAreHardenedProbedAndBounded(String dir) {
    for (JsonObject object : Tools.kustomize(dir)) {
      String kind = object.get("kind").getAsString();
      if (!kind.equals("Deployment") && !kind.equals("Job")) {
        continue;
      }
      String name = KubernetesSchemaValidator.describe(object);
      JsonObject pod = at(object, "spec.template.spec").getAsJsonObject();
      assertEquals(true, bool(pod, "securityContext.runAsNonRoot"), name + " runAsNonRoot");
      assertEquals(
          "RuntimeDefault",
          at(pod, "securityContext.seccompProfile.type").getAsString(),
          name + " seccomp");
      for (JsonElement c : pod.getAsJsonArray("containers")) {
        JsonObject container = c.getAsJsonObject();
        assertEquals(
            false,
            bool(container, "securityContext.allowPrivilegeEscalation"),
            name + " allowPrivilegeEscalation");
        assertEquals(
            true,
            bool(container, "securityContext.readOnlyRootFilesystem"),
            name + " readOnlyRootFilesystem");
        assertEquals(
            "ALL",
            at(container, "securityContext.capabilities.drop")
                .getAsJsonArray()
                .get(0)
                .getAsString(),
            name + " drops capabilities");
        for (String bound :
            List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
          assertNotNull(at(container, "resources." + bound), name + " resources." + bound);
        }
        if (kind.equals("Deployment")) {
          assertEquals("/q/health/live", at(container, "livenessProbe.httpGet.path").getAsString());
          assertEquals(
              "/q/health/ready", at(container, "readinessProbe.httpGet.path").getAsString());
        }
        for (JsonElement env : optionalArray(container, "env")) {
          JsonObject var = env.getAsJsonObject();
          String varName = var.get("name").getAsString();
          if (SECRET_LIKE.matcher(varName).matches()) {
            assertNotNull(
                at(var, "valueFrom.secretKeyRef"),
                name + ": " + varName + " must come from a Secret");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
  void deploymentsLeaveReplicasToTheirAutoscaler(String dir) {
    List<JsonObject> objects = Tools.kustomize(dir);
    for (String service : SERVICES) {
      JsonObject deployment = find(objects, "Deployment", service).orElseThrow();
      assertEquals(null, at(deployment, "spec.replicas"), dir + ": " + service + " sets replicas");
      JsonObject hpa = find(objects, "HorizontalPodAutoscaler", service).orElseThrow();
      assertEquals(service, at(hpa, "spec.scaleTargetRef.name").getAsString());
      assertTrue(at(hpa, "spec.minReplicas").getAsInt() >= 1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
  void nothingSecretIsCommitted(String dir) {
    for (JsonObject object : Tools.kustomize(dir)) {
      assertFalse(
          object.get("kind").getAsString().equals("Secret"),
          dir + " renders a Secret: secrets are created outside the repository");
      if (object.get("kind").getAsString().equals("ConfigMap")) {
        for (String key : object.getAsJsonObject("data").keySet()) {
          assertFalse(SECRET_LIKE.matcher(key).matches(), dir + ": ConfigMap carries " + key);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s/overlays/dev", "k8s/overlays/prod"})
  void overlaysGiveIrsaRolesOnlyToCertServiceAndAdminApi(String dir) {
    List<JsonObject> objects = Tools.kustomize(dir);
    String namespace = dir.endsWith("dev") ? "signet-dev" : "signet";
    for (JsonObject object : objects) {
      if (!object.get("kind").getAsString().equals("ServiceAccount")) {
        continue;
      }
      String name = at(object, "metadata.name").getAsString();
      JsonElement role = at(object, "metadata.annotations.eks\\.amazonaws\\.com/role-arn");
      if (name.equals("cert-service") || name.equals("admin-api")) {
        assertNotNull(role, dir + ": " + name + " lacks its IRSA role");
        assertTrue(role.getAsString().matches("arn:aws:iam::\\d{12}:role/.+"), role.toString());
      } else {
        assertEquals(null, role, dir + ": " + name + " must not carry an IAM role");
      }
      assertEquals(namespace, at(object, "metadata.namespace").getAsString());
    }
  }

  @Test
  void delegationAndInternalEndpointsAreReachableOnlyFromTheirCallers() {
    List<JsonObject> objects = Tools.kustomize("k8s/base");
    JsonObject delegation =
        find(objects, "NetworkPolicy", "signet-internal-callers-delegation").orElseThrow();
    Set<String> callers = new TreeSet<>();
    for (JsonElement value :
        at(delegation, "spec.ingress")
            .getAsJsonArray()
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("from")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("podSelector")
            .getAsJsonArray("matchExpressions")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("values")) {
      callers.add(value.getAsString());
    }
    assertEquals(Set.of("admin-api", "token-service"), callers);

    JsonObject ingress = find(objects, "Ingress", "signet").orElseThrow();
    String paths =
        at(ingress, "spec.rules").getAsJsonArray().asList().stream()
            .flatMap(r -> at(r.getAsJsonObject(), "http.paths").getAsJsonArray().asList().stream())
            .map(p -> p.getAsJsonObject().get("path").getAsString())
            .collect(Collectors.joining(" "));
    assertFalse(paths.contains("/internal") || paths.contains("/q/"), paths);
  }

  private static Optional<JsonObject> find(List<JsonObject> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> o.get("kind").getAsString().equals(kind))
        .filter(o -> name.equals(at(o, "metadata.name").getAsString()))
        .findFirst();
  }

  /** The element at a dotted path ({@code \\.} escapes a dot in a key), or null. */
  private static JsonElement at(JsonObject object, String path) {
    JsonElement current = object;
    for (String part : path.split("(?<!\\\\)\\.")) {
      if (current == null || !current.isJsonObject()) {
        return null;
      }
      current = current.getAsJsonObject().get(part.replace("\\.", "."));
    }
    return current;
  }

  private static Boolean bool(JsonObject object, String path) {
    JsonElement value = at(object, path);
    return value == null ? null : value.getAsBoolean();
  }

  private static List<JsonElement> optionalArray(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value == null ? List.of() : value.getAsJsonArray().asList();
  }
}
