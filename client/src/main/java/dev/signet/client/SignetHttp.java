package dev.signet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one place this library speaks HTTP: JSON in and out over {@link HttpClient}, OAuth error
 * bodies turned into {@link OAuthErrorException}, problem+json into {@link ProblemException}, and
 * anything else into {@link TransportException}. Answers are read up to a cap so a hostile or
 * broken server cannot make a client hold an endless body.
 */
public final class SignetHttp {

  /** Far above any token response or page of a list; a larger body is not one of ours. */
  static final int MAX_BODY = 4 * 1024 * 1024;

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Duration timeout;

  public SignetHttp(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /** A client with a 10 s connect and request timeout that follows no redirects. */
  public static SignetHttp defaults() {
    Duration timeout = Duration.ofSeconds(10);
    return new SignetHttp(
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        timeout);
  }

  public static ObjectMapper json() {
    return JSON;
  }

  /** {@code GET} a JSON document, with a bearer token when one is given. */
  public JsonNode get(URI uri, String bearer) {
    HttpRequest.Builder request = request(uri, bearer).GET();
    return problemOrJson(send(request.build()));
  }

  /**
   * A JSON request to a REST API ({@code POST}, {@code PATCH}, {@code DELETE}...); an empty answer
   * (204) is a {@link MissingNode}.
   */
  public JsonNode send(String method, URI uri, Object body, String bearer) {
    HttpRequest.BodyPublisher publisher;
    try {
      publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalArgumentException("the request body is not serialisable", e);
    }
    HttpRequest.Builder request = request(uri, bearer).method(method, publisher);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return problemOrJson(send(request.build()));
  }

  /**
   * An OAuth form request ({@code application/x-www-form-urlencoded}); null values are left out.
   * {@code basic} is the client's {@code client_secret_basic} credentials or null.
   */
  public JsonNode postForm(URI uri, Map<String, String> form, Basic basic) {
    HttpRequest.Builder request =
        request(uri, null)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    if (basic != null) {
      request.header("Authorization", basic.header());
    }
    Answer answer = send(request.build());
    JsonNode body = parse(answer);
    if (answer.status / 100 == 2 && body.isObject()) {
      return body;
    }
    if (body.hasNonNull("error")) {
      throw new OAuthErrorException(
          answer.status, body.get("error").asText(), text(body, "error_description"));
    }
    throw unexpected(answer);
  }

  /** RFC 6749 section 2.3.1: both parts form-encoded before they are joined and base64ed. */
  public record Basic(String clientId, String secret) {
    String header() {
      String pair =
          URLEncoder.encode(clientId, StandardCharsets.UTF_8)
              + ":"
              + URLEncoder.encode(secret, StandardCharsets.UTF_8);
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Basic[" + clientId + ", secret hidden]";
    }
  }

  static String encode(Map<String, String> form) {
    StringJoiner joined = new StringJoiner("&");
    form.forEach(
        (name, value) -> {
          if (value != null) {
            joined.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    return joined.toString();
  }

  private HttpRequest.Builder request(URI uri, String bearer) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return request;
  }

  private record Answer(int status, String contentType, byte[] body, URI uri) {}

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        throw new TransportException(
            request.uri() + " answered more than " + MAX_BODY + " bytes",
            response.statusCode(),
            null);
      }
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          body,
          request.uri());
    } catch (IOException e) {
      throw new TransportException(
          "cannot reach " + origin(request.uri()) + ": " + describe(e), 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while calling " + origin(request.uri()), 0, e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  private JsonNode problemOrJson(Answer answer) {
    JsonNode body = parse(answer);
    if (answer.status / 100 == 2) {
      return body;
    }
    if (body.isObject() && (body.has("title") || body.has("type") || body.has("detail"))) {
      throw new ProblemException(
          answer.status, text(body, "type"), text(body, "title"), text(body, "detail"));
    }
    if (body.hasNonNull("error")) {
      throw new OAuthErrorException(
          answer.status, body.get("error").asText(), text(body, "error_description"));
    }
    throw unexpected(answer);
  }

  private static JsonNode parse(Answer answer) {
    if (answer.body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(answer.body);
    } catch (IOException e) {
      if (answer.status / 100 == 2) {
        throw new TransportException(
            answer.uri + " answered " + answer.status + " with a body that is not JSON",
            answer.status,
            e);
      }
      return MissingNode.getInstance();
    }
  }

  private static TransportException unexpected(Answer answer) {
    return new TransportException(
        answer.uri
            + " answered HTTP "
            + answer.status
            + (answer.contentType.isEmpty() ? "" : " (" + answer.contentType + ")")
            + " without an error body",
        answer.status,
        null);
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
