package dev.signet.admin.accounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.admin.AdminConfig;
import dev.signet.admin.paging.PageRequest;
import dev.signet.common.input.CleanText;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin REST API for service accounts: the clients of token-service's client_credentials. */
@Path("/v1/service-accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"signet:admin", "signet:accounts:admin"})
@Tag(name = "Service accounts")
public class ServiceAccountResource {

  private final ServiceAccountService service;
  private final SecurityIdentity identity;
  private final AdminConfig config;
  private final ObjectMapper json;

  ServiceAccountResource(
      ServiceAccountService service,
      SecurityIdentity identity,
      AdminConfig config,
      ObjectMapper json) {
    this.service = service;
    this.identity = identity;
    this.config = config;
    this.json = json;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a service account; the client secret is shown only here")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = CreatedServiceAccount.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "409", ref = "Conflict")
  public Uni<Response> create(@Valid @NotNull CreateServiceAccountRequest request) {
    return service
        .create(caller(), request)
        .map(
            created ->
                Response.status(Response.Status.CREATED)
                    .header("Location", "/v1/service-accounts/" + created.clientId())
                    .header("Cache-Control", "no-store")
                    .entity(created)
                    .build());
  }

  @GET
  @Operation(summary = "List service accounts, oldest first, with filters and a cursor")
  @APIResponse(
      responseCode = "200",
      description = "One page",
      content = @Content(schema = @Schema(implementation = ServiceAccountPage.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  public Uni<ServiceAccountPage> list(
      @Parameter(description = "active or disabled", example = "active") @QueryParam("status")
          String status,
      @Parameter(example = "platform") @QueryParam("team") String team,
      @Parameter(description = "Accounts that hold this scope", example = "deploy:write")
          @QueryParam("scope")
          String scope,
      @Parameter(description = "Case-insensitive part of the name", example = "deploy")
          @QueryParam("name")
          String name,
      @Parameter(description = "Page size, 1 to 200 (default 50)", example = "50")
          @QueryParam("limit")
          String limit,
      @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor")
          String cursor) {
    ServiceAccountFilter filter = ServiceAccountFilter.of(status, team, scope, name);
    PageRequest page = PageRequest.of(limit, cursor, config.maxPageSize());
    return service.list(filter, page).map(p -> new ServiceAccountPage(p.items(), p.nextCursor()));
  }

  @GET
  @Path("/{client_id}")
  @Operation(summary = "Get one service account")
  @APIResponse(
      responseCode = "200",
      description = "The account",
      content = @Content(schema = @Schema(implementation = ServiceAccountView.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Uni<ServiceAccountView> get(
      @Parameter(example = "ci-deployer") @PathParam("client_id") String clientId) {
    return service.get(pathId(clientId));
  }

  @PATCH
  @Path("/{client_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Change scopes, roles, audiences, IP allow-list, rate limit, team, expiry")
  @APIResponse(
      responseCode = "200",
      description = "The account after the change",
      content = @Content(schema = @Schema(implementation = ServiceAccountView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Uni<ServiceAccountView> update(
      @Parameter(example = "ci-deployer") @PathParam("client_id") String clientId,
      @Valid @NotNull UpdateServiceAccountRequest request) {
    return service.update(caller(), pathId(clientId), request);
  }

  @POST
  @Path("/{client_id}/disable")
  @Operation(summary = "Disable: token-service refuses the client from now on")
  @APIResponse(
      responseCode = "200",
      description = "The disabled account",
      content = @Content(schema = @Schema(implementation = ServiceAccountView.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Uni<ServiceAccountView> disable(
      @Parameter(example = "ci-deployer") @PathParam("client_id") String clientId) {
    return service.setStatus(caller(), pathId(clientId), false);
  }

  @POST
  @Path("/{client_id}/enable")
  @Operation(summary = "Enable a disabled service account again")
  @APIResponse(
      responseCode = "200",
      description = "The enabled account",
      content = @Content(schema = @Schema(implementation = ServiceAccountView.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Uni<ServiceAccountView> enable(
      @Parameter(example = "ci-deployer") @PathParam("client_id") String clientId) {
    return service.setStatus(caller(), pathId(clientId), true);
  }

  @POST
  @Path("/{client_id}/rotate-secret")
  @Operation(
      summary = "Issue a new client secret; the old one works until the overlap ends",
      description =
          "With {\"compromised\": true} the old secret is dropped at once and every token issued"
              + " to the client before is revoked (503 and no change when token-service cannot"
              + " be reached).")
  @APIResponse(
      responseCode = "200",
      description = "The new secret, shown once",
      content = @Content(schema = @Schema(implementation = RotatedSecret.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Uni<Response> rotateSecret(
      @Parameter(example = "ci-deployer") @PathParam("client_id") String clientId,
      @Parameter(
              description =
                  "How long the old secret keeps working, in seconds; 0 drops it at once."
                      + " The configured default (24 h) when absent.",
              example = "3600")
          @QueryParam("overlap_seconds")
          String overlapSeconds,
      @RequestBody(
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = RotateSecretRequest.class)))
          String body) {
    boolean compromised = RotateSecretRequest.parse(json, body).compromised();
    return service
        .rotateSecret(caller(), pathId(clientId), overlap(overlapSeconds), compromised)
        .map(r -> Response.ok(r).header("Cache-Control", "no-store").build());
  }

  @DELETE
  @Path("/{client_id}")
  @Operation(summary = "Delete a service account")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Uni<Response> delete(
      @Parameter(example = "ci-deployer") @PathParam("client_id") String clientId) {
    return service.delete(caller(), pathId(clientId)).map(v -> Response.noContent().build());
  }

  private Long overlap(String value) {
    return SecretOverlap.parse(value, config.secretRotationMaxOverlap());
  }

  /** A client id from the path: longer or dirtier than any client id can be is a 400. */
  public static String pathId(String clientId) {
    return CleanText.require("client_id", clientId, 128);
  }

  private ScopeCeiling caller() {
    return new ScopeCeiling(identity.getPrincipal().getName(), identity.getRoles());
  }

  /** A page of service accounts (a named type so the OpenAPI schema is concrete). */
  @Schema(name = "ServiceAccountPage")
  public record ServiceAccountPage(
      java.util.List<ServiceAccountView> items,
      @Schema(description = "Pass as cursor for the next page; null on the last page.")
          @com.fasterxml.jackson.annotation.JsonProperty("next_cursor")
          String nextCursor) {}
}
