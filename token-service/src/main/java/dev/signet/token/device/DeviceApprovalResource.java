package dev.signet.token.device;

import dev.signet.common.auth.TokenIdentity;
import dev.signet.common.error.Problem;
import dev.signet.token.client.ClientAddress;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The device approval API at the advertised {@code verification_uri} ({@code /v1/device}): a person
 * with their own access token sees a request and approves or denies it. Errors are problem+json;
 * too many wrong codes is 429 with Retry-After.
 */
@Path("/v1/device")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DeviceApprovalResource {

  private final DeviceApproval approval;
  private final ClientAddress addresses;
  private final SecurityIdentity identity;

  DeviceApprovalResource(
      DeviceApproval approval, ClientAddress addresses, SecurityIdentity identity) {
    this.approval = approval;
    this.addresses = addresses;
    this.identity = identity;
  }

  @GET
  public Uni<DeviceRequestView> show(
      @QueryParam("user_code") String userCode, @Context HttpServerRequest http) {
    return approval
        .show(TokenIdentity.token(identity), userCode, addresses.of(http))
        .onFailure(OAuthException.class)
        .transform(DeviceApprovalResource::tooMany);
  }

  @POST
  @Path("/approve")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<DeviceRequestView> decide(
      @Valid @NotNull DeviceDecision decision, @Context HttpServerRequest http) {
    return approval
        .decide(TokenIdentity.token(identity), decision, addresses.of(http))
        .onFailure(OAuthException.class)
        .transform(DeviceApprovalResource::tooMany);
  }

  /** The shared budgets speak OAuth; this API answers problem+json. */
  private static Throwable tooMany(Throwable failure) {
    OAuthException e = (OAuthException) failure;
    if (e.error() != OAuthError.RATE_LIMITED) {
      return e;
    }
    Problem problem =
        Problem.of(
            429,
            "too-many-requests",
            "Too many requests",
            "Too many wrong user codes; retry in " + e.retryAfterSeconds() + " s.");
    return new WebApplicationException(
        Response.status(429)
            .type(Problem.MEDIA_TYPE)
            .header("Retry-After", Long.toString(e.retryAfterSeconds()))
            .entity(problem)
            .build());
  }
}
