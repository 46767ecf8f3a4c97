package dev.signet.deploy.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plain HTTP for the attack suite: requests exactly as written (raw form bodies, odd headers), so
 * an attack is not "repaired" by a client library on its way out. Header values that {@link
 * HttpClient} refuses to send (NUL, control characters) go through {@link #raw}.
 */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final List<String> SECRET_FIELDS =
      List.of("access_token", "refresh_token", "client_secret");

  private Http() {}

  /** An answer: status, headers (names lower case) and body. */
  record Answer(int status, Map<String, List<String>> headers, String body) {

    Optional<String> header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    String contentType() {
      return header("content-type").orElse("");
    }

    /** The body as JSON; a MissingNode when it is not JSON. */
    JsonNode json() {
      try {
        JsonNode node = JSON.readTree(body);
        return node == null ? JSON.missingNode() : node;
      } catch (IOException e) {
        return JSON.missingNode();
      }
    }

    /** The text field {@code name} of a JSON body, or null. */
    String text(String name) {
      JsonNode node = json().get(name);
      return node == null || node.isNull() ? null : node.asText();
    }

    /** Status and body with tokens and secrets hidden, for failure messages. */
    @Override
    public String toString() {
      String shown = body;
      JsonNode node = json();
      if (node instanceof ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        SECRET_FIELDS.stream().filter(copy::has).forEach(f -> copy.put(f, "(hidden)"));
        shown = copy.toString();
      }
      if (shown.length() > 600) {
        shown = shown.substring(0, 600) + "...";
      }
      return "HTTP " + status + " " + shown;
    }
  }

  /** A request being built: method, URL, headers, body. */
  static final class Call {
    private final String method;
    private final String url;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;

    private Call(String method, String url) {
      this.method = method;
      this.url = url;
    }

    Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Call bearer(String token) {
      return header("Authorization", "Bearer " + token);
    }

    /** HTTP Basic as RFC 6749 section 2.3.1 says: both parts form-encoded, then joined. */
    Call basic(String clientId, String secret) {
      String pair = encode(clientId) + ":" + encode(secret);
      return header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** HTTP Basic of exactly these bytes (no form-encoding), for hostile ids. */
    Call basicRaw(String pair) {
      return header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** An application/x-www-form-urlencoded body of the pairs, each part encoded. */
    Call form(String... pairs) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < pairs.length; i += 2) {
        if (out.length() > 0) {
          out.append('&');
        }
        out.append(encode(pairs[i])).append('=').append(encode(pairs[i + 1]));
      }
      return rawForm(out.toString());
    }

    /** A form body exactly as written (broken percent-encoding included). */
    Call rawForm(String body) {
      this.body = body;
      return header("Content-Type", "application/x-www-form-urlencoded");
    }

    Call json(Object value) {
      try {
        return rawJson(JSON.writeValueAsString(value));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Call rawJson(String json) {
      this.body = json;
      return header("Content-Type", "application/json");
    }

    Answer send() {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(TIMEOUT)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      headers.forEach(request::header);
      try {
        HttpResponse<String> response =
            CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, List<String>> lower = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return new Answer(response.statusCode(), lower, response.body());
      } catch (IOException e) {
        throw new UncheckedIOException(method + " " + url, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  static Call get(String url) {
    return new Call("GET", url);
  }

  static Call post(String url) {
    return new Call("POST", url);
  }

  static Call put(String url) {
    return new Call("PUT", url);
  }

  static Call patch(String url) {
    return new Call("PATCH", url);
  }

  static Call delete(String url) {
    return new Call("DELETE", url);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Sends one HTTP/1.1 request over a plain socket, byte for byte (header values with NUL or
   * control characters included), and returns the answer's status line code and body.
   */
  static Answer raw(
      String baseUrl, String method, String path, List<String> headerLines, String body) {
    URI uri = URI.create(baseUrl);
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
    head.append("Connection: close\r\n");
    headerLines.forEach(h -> head.append(h).append("\r\n"));
    head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(payload);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String statusLine = text.substring(0, Math.max(0, text.indexOf("\r\n")));
      String[] parts = statusLine.split(" ", 3);
      int status = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
      Map<String, List<String>> headers = new LinkedHashMap<>();
      if (end > 0) {
        for (String line : text.substring(0, end).split("\r\n")) {
          int colon = line.indexOf(':');
          if (colon > 0) {
            headers
                .computeIfAbsent(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>())
                .add(line.substring(colon + 1).trim());
          }
        }
      }
      // Chunked bodies stay as they came: the checks only look for JSON fields in them.
      return new Answer(status, headers, end > 0 ? text.substring(end + 4) : "");
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + baseUrl + path, e);
    }
  }
}
