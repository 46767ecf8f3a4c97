package dev.signet.admin.keys;

import dev.signet.admin.ratelimit.BudgetConfig;
import dev.signet.admin.ratelimit.RequestAddress;
import dev.signet.admin.ratelimit.RequestBudgets;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Key enrollment for people: the key enrollment token in the body is the credential. */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "Key enrollment")
public class KeyEnrollmentResource {

  private final KeyEnrollment enrollment;
  private final RequestBudgets budgets;
  private final RequestAddress address;
  private final BudgetConfig limits;

  KeyEnrollmentResource(
      KeyEnrollment enrollment,
      RequestBudgets budgets,
      RequestAddress address,
      BudgetConfig limits) {
    this.enrollment = enrollment;
    this.budgets = budgets;
    this.address = address;
    this.limits = limits;
  }

  private Uni<Void> draw(HttpServerRequest request) {
    return budgets.draw("keys", address.of(request), limits.keysPerAddress());
  }

  @POST
  @Path("/bootstrap")
  @SecurityRequirements
  @Operation(summary = "Trade a key enrollment token for a nonce to sign with the new key")
  @APIResponse(
      responseCode = "200",
      description = "The nonce",
      content = @Content(schema = @Schema(implementation = KeyViews.Bootstrap.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", description = "Unknown, used or expired token")
  @APIResponse(responseCode = "429", description = "Too many calls from this address")
  public Uni<Response> bootstrap(
      @Valid @NotNull BootstrapRequest request, @Context HttpServerRequest http) {
    return draw(http)
        .chain(() -> enrollment.bootstrap(request.keyEnrollmentToken()))
        .map(b -> Response.ok(b).header("Cache-Control", "no-store").build());
  }

  @POST
  @Path("/register")
  @SecurityRequirements
  @Operation(
      summary = "Enroll a public key with a proof of possession; uses the enrollment token up")
  @APIResponse(
      responseCode = "201",
      description = "Enrolled",
      content = @Content(schema = @Schema(implementation = KeyViews.Key.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", description = "Unknown, used or expired token")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "429", description = "Too many calls from this address")
  public Uni<Response> register(
      @Valid @NotNull RegisterKeyRequest request, @Context HttpServerRequest http) {
    return draw(http)
        .chain(() -> enrollment.register(request))
        .map(k -> Response.status(Response.Status.CREATED).entity(k).build());
  }
}
