package dev.signet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard is valid JSON, and charts the contract metrics under their real names. */
class GrafanaDashboardTest {

  private static final Pattern METRIC = Pattern.compile("\\bsignet_[a-z_]+");

  @Test
  void dashboardChartsEveryContractMetricAndNoOther() {
    JsonObject dashboard =
        JsonParser.parseString(Tools.read("deploy/prometheus/grafana-dashboard.json"))
            .getAsJsonObject();
    assertEquals("signet-overview", dashboard.get("uid").getAsString());
    Set<String> used = new TreeSet<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonElement panel : dashboard.getAsJsonArray("panels")) {
      JsonObject p = panel.getAsJsonObject();
      assertTrue(ids.add(p.get("id").getAsInt()), "duplicate panel id " + p.get("id"));
      assertTrue(p.getAsJsonArray("targets").size() > 0, p.get("title") + " has no query");
      for (JsonElement target : p.getAsJsonArray("targets")) {
        Matcher m = METRIC.matcher(target.getAsJsonObject().get("expr").getAsString());
        while (m.find()) {
          used.add(m.group());
        }
      }
    }
    assertTrue(Tools.CONTRACT_METRICS.containsAll(used), "not in the contract: " + used);
    assertEquals(new TreeSet<>(Tools.CONTRACT_METRICS), used, "contract metrics not charted");
  }
}
