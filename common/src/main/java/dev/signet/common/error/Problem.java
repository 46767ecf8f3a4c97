package dev.signet.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * RFC 9457 problem details, the error body of every {@code /v1} and {@code /internal} API.
 * Registered for reflection: it reaches Jackson only as a {@code Response} entity and through
 * Vert.x {@code Json.encode}, which Quarkus cannot see when it builds a native image.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@RegisterForReflection
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors,
    @JsonProperty("request_id") String requestId) {

  public static final String MEDIA_TYPE = "application/problem+json";
  static final String TYPE_BASE = "https://signet.dev/problems/";

  /** One invalid field of a request, for validation failures. */
  @RegisterForReflection
  public record FieldError(String field, String message) {}

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(TYPE_BASE + slug, title, status, detail, null, List.of(), null);
  }

  public Problem withInstance(String path) {
    return new Problem(type, title, status, detail, path, errors, requestId);
  }

  public Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(type, title, status, detail, instance, fieldErrors, requestId);
  }

  public Problem withRequestId(String id) {
    return new Problem(type, title, status, detail, instance, errors, id);
  }
}
