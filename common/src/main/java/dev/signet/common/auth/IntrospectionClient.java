package dev.signet.common.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

/** token-service's introspection endpoint as a revocation check calls it. */
public interface IntrospectionClient {

  /** The one member of an RFC 7662 answer the check needs. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Answer(boolean active) {}

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  Uni<Answer> introspect(
      @HeaderParam("Authorization") String authorization, MultivaluedMap<String, String> form);
}
