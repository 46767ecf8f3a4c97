package dev.signet.admin.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** Links between console pages that carry filters: each value URL-encoded, blanks left out. */
final class ConsoleLinks {

  private ConsoleLinks() {}

  /** {@code path?k=v&...} with the non-blank parameters in the given order. */
  static String withQuery(String path, Map<String, String> parameters) {
    StringJoiner query = new StringJoiner("&");
    parameters.forEach(
        (name, value) -> {
          if (value != null && !value.isBlank()) {
            query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    return query.length() == 0 ? path : path + "?" + query;
  }
}
