package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Calls to one of Signet's REST APIs with the session's bearer token; a 401 (a token from before a
 * {@code user_ver} bump) is retried once with a fresh token.
 */
final class Api {

  private final Session session;
  private final URI base;

  Api(Session session, URI base) {
    this.session = session;
    this.base = base;
  }

  JsonNode get(String path, Map<String, String> query) {
    URI uri = uri(path, query);
    return session.tokens().withToken(token -> session.http().get(uri, token));
  }

  JsonNode get(String path) {
    return get(path, Map.of());
  }

  JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  JsonNode send(String method, String path, Object body) {
    URI uri = uri(path, Map.of());
    return session.tokens().withToken(token -> session.http().send(method, uri, body, token));
  }

  /** Path segments from the command line are encoded: an id cannot add a path or a query. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private URI uri(String path, Map<String, String> query) {
    StringJoiner params = new StringJoiner("&", "?", "");
    params.setEmptyValue("");
    new LinkedHashMap<>(query)
        .forEach(
            (name, value) -> {
              if (value != null) {
                params.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
              }
            });
    return URI.create(base + path + params);
  }

  static Map<String, String> query(String... pairs) {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        query.put(pairs[i], pairs[i + 1]);
      }
    }
    return query;
  }
}
