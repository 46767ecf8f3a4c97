package dev.signet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules (from the PrometheusRule in k8s/base) and the local scrape config, via promtool.
 */
class PrometheusRulesTest {

  private static final Path WORK = Tools.ROOT.resolve("deploy/target/prometheus");
  private static final Pattern METRIC = Pattern.compile("\\bsignet_[a-z_]+");

  private static JsonObject rule;

  @BeforeAll
  static void extractRules() throws IOException {
    rule =
        Tools.kustomize("k8s/base").stream()
            .filter(o -> o.get("kind").getAsString().equals("PrometheusRule"))
            .findFirst()
            .orElseThrow();
    Files.createDirectories(WORK);
    // The operator's spec is a plain Prometheus rules file.
    Object spec =
        new ObjectMapper().readValue(rule.getAsJsonObject("spec").toString(), Object.class);
    Files.writeString(WORK.resolve("signet-rules.yml"), new YAMLMapper().writeValueAsString(spec));
    Files.copy(
        Tools.ROOT.resolve("deploy/prometheus/signet-rules.test.yml"),
        WORK.resolve("signet-rules.test.yml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void rulesPassPromtoolCheck() {
    Path promtool = Tools.require("promtool", "prometheus");
    Tools.Result result =
        Tools.run(
            List.of(
                promtool.toString(),
                "check",
                "rules",
                WORK.resolve("signet-rules.yml").toString()));
    assertEquals(0, result.exitCode(), result.output());
  }

  @Test
  void everyAlertFiresOnItsUnitTestSeries() {
    Path promtool = Tools.require("promtool", "prometheus");
    Tools.Result result =
        Tools.run(
            List.of(
                promtool.toString(),
                "test",
                "rules",
                WORK.resolve("signet-rules.test.yml").toString()));
    assertEquals(0, result.exitCode(), result.output());
  }

  @Test
  void localScrapeConfigIsValid() {
    Path promtool = Tools.require("promtool", "prometheus");
    Tools.Result result =
        Tools.run(
            List.of(
                promtool.toString(),
                "check",
                "config",
                "--syntax-only",
                Tools.ROOT.resolve("deploy/prometheus/prometheus.yml").toString()));
    assertEquals(0, result.exitCode(), result.output());
  }

  @Test
  void theIssuesAlertsExistAndUseOnlyContractMetrics() {
    Set<String> alerts = new TreeSet<>();
    Set<String> metrics = new TreeSet<>();
    for (JsonElement group : rule.getAsJsonObject("spec").getAsJsonArray("groups")) {
      for (JsonElement r : group.getAsJsonObject().getAsJsonArray("rules")) {
        alerts.add(r.getAsJsonObject().get("alert").getAsString());
        Matcher m = METRIC.matcher(r.getAsJsonObject().get("expr").getAsString());
        while (m.find()) {
          metrics.add(m.group());
        }
      }
    }
    assertTrue(
        alerts.containsAll(
            Set.of(
                "SignetRefreshTokenReuse",
                "SignetAuthFailureSpike",
                "SignetCertificateIssuanceErrors",
                "SignetKeyRotationOverdue",
                "SignetOutboxBacklogGrowing",
                "SignetOutboxDeadLetters",
                "SignetJwksEmpty")),
        alerts.toString());
    assertTrue(Tools.CONTRACT_METRICS.containsAll(metrics), "not in the contract: " + metrics);
  }
}
