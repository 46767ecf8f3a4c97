package dev.signet.admin.console;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.qute.TemplateData;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * token-service's token policy and federation trusts as the console calls them: with the person's
 * own bearer token, so token-service checks its own scopes (signet:tokens:admin) and validation.
 */
@RegisterRestClient(configKey = "signet-token")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface TokenServiceClient {

  @GET
  @Path("/token-policy")
  Uni<Policy> policy(@HeaderParam("Authorization") String bearer);

  @PUT
  @Path("/token-policy")
  @Consumes(MediaType.APPLICATION_JSON)
  Uni<Policy> updatePolicy(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

  @GET
  @Path("/federation/trusts")
  Uni<List<Trust>> trusts(@HeaderParam("Authorization") String bearer);

  @ClientExceptionMapper
  static RuntimeException refused(Response response) {
    return KeyringClient.problem(response, "token-service");
  }

  /** The token policy. */
  @TemplateData
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Policy(
      @JsonProperty("access_token_ttl_seconds") long accessTokenTtlSeconds,
      @JsonProperty("refresh_token_ttl_seconds") long refreshTokenTtlSeconds,
      @JsonProperty("agent_token_ttl_seconds") long agentTokenTtlSeconds,
      @JsonProperty("audience_token_ttl_seconds") long audienceTokenTtlSeconds,
      @JsonProperty("refresh_reuse_grace_seconds") int refreshReuseGraceSeconds,
      @JsonProperty("clock_skew_seconds") int clockSkewSeconds,
      @JsonProperty("refresh_token_max_lifetime_seconds") long refreshTokenMaxLifetimeSeconds,
      @JsonProperty("updated_at") Instant updatedAt,
      @JsonProperty("updated_by") String updatedBy) {}

  /** A federation trust, as listed (its rules only counted). */
  @TemplateData
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Trust(
      String id,
      String name,
      String kind,
      String issuer,
      String audience,
      boolean enabled,
      List<Map<String, Object>> rules,
      @JsonProperty("updated_at") Instant updatedAt) {

    public int ruleCount() {
      return rules == null ? 0 : rules.size();
    }
  }
}
