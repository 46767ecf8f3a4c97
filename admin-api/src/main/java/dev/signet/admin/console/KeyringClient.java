package dev.signet.admin.console;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import io.quarkus.qute.TemplateData;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * keyring-service's {@code /v1/keys} as the console calls it: with the signed-in person's own
 * bearer token, so the key ring checks its own scope (signet:keys:admin) and audits the person. Its
 * problem+json refusals come back as {@link ProblemException}, so the page shows the key ring's own
 * messages.
 */
@RegisterRestClient(configKey = "signet-keyring")
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public interface KeyringClient {

  @GET
  Uni<List<Key>> list(@HeaderParam("Authorization") String bearer);

  @POST
  @Path("/rotate")
  Uni<JsonNode> rotate(
      @HeaderParam("Authorization") String bearer, @QueryParam("immediate") boolean immediate);

  @POST
  @Path("/{kid}/retire")
  Uni<Key> retire(@HeaderParam("Authorization") String bearer, @PathParam("kid") String kid);

  @POST
  @Path("/{kid}/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  Uni<JsonNode> revoke(
      @HeaderParam("Authorization") String bearer,
      @PathParam("kid") String kid,
      Map<String, String> body);

  @GET
  @Path("/policy")
  Uni<Policy> policy(@HeaderParam("Authorization") String bearer);

  @PUT
  @Path("/policy")
  @Consumes(MediaType.APPLICATION_JSON)
  Uni<Policy> updatePolicy(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

  @GET
  @Path("/jwks-preview")
  Uni<JsonNode> jwksPreview(@HeaderParam("Authorization") String bearer);

  /** A refusal of the key ring, with its own problem details when it sent them. */
  @ClientExceptionMapper
  static RuntimeException refused(Response response) {
    return problem(response, "the key ring");
  }

  /**
   * A refusal of another service, with that service's problem details when it sent them, so the
   * page shows the service's own messages.
   */
  static ProblemException problem(Response response, String service) {
    Problem problem = null;
    try {
      String body = response.readEntity(String.class);
      problem = new ObjectMapper().findAndRegisterModules().readValue(body, Problem.class);
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      // not problem+json: answered below with the status alone
    }
    if (problem == null || problem.detail() == null && problem.title() == null) {
      problem =
          Problem.of(
              response.getStatus(),
              "upstream-refused",
              "Refused by " + service,
              "Refused by " + service + " (HTTP " + response.getStatus() + ").");
    }
    return new ProblemException(problem);
  }

  /** A signing key as the key ring shows it (public part only). */
  @TemplateData
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Key(
      String kid,
      String alg,
      String state,
      String source,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("activates_at") Instant activatesAt,
      @JsonProperty("activated_at") Instant activatedAt,
      @JsonProperty("retire_after") Instant retireAfter,
      @JsonProperty("revoked_at") Instant revokedAt,
      @JsonProperty("revoke_reason") String revokeReason) {}

  /** The rotation policy. */
  @TemplateData
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Policy(
      String algorithm,
      @JsonProperty("rsa_key_size") int rsaKeySize,
      @JsonProperty("rotation_interval_seconds") long rotationIntervalSeconds,
      @JsonProperty("pre_publish_seconds") long prePublishSeconds,
      @JsonProperty("grace_period_seconds") long gracePeriodSeconds,
      @JsonProperty("jwks_cache_max_age_seconds") long jwksCacheMaxAgeSeconds,
      @JsonProperty("jwks_cache_margin_seconds") long jwksCacheMarginSeconds,
      @JsonProperty("updated_at") Instant updatedAt,
      @JsonProperty("updated_by") String updatedBy) {}
}
