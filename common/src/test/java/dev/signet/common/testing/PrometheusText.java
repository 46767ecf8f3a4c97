package dev.signet.common.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), so tests fail on any line a
 * scraper would reject. Returns each sample name with the value of its last sample.
 */
public final class PrometheusText {

  private static final Pattern SAMPLE =
      Pattern.compile(
          "^([a-zA-Z_:][a-zA-Z0-9_:]*)"
              + "(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})?"
              + " (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?$");
  private static final Pattern META =
      Pattern.compile("^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]*( .*)?$");

  private PrometheusText() {}

  public static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : text.split("\n")) {
      lineNo++;
      if (line.isBlank() || line.equals("# EOF")) {
        continue;
      }
      if (line.startsWith("#")) {
        if (!META.matcher(line).matches()) {
          throw new IllegalArgumentException("line " + lineNo + " is not HELP/TYPE: " + line);
        }
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("line " + lineNo + " is not a sample: " + line);
      }
      samples.put(m.group(1), Double.parseDouble(m.group(3).replace("+Inf", "Infinity")));
    }
    return samples;
  }
}
