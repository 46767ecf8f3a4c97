package dev.signet.admin.invites;

import dev.signet.admin.persistence.Ids;
import dev.signet.admin.ratelimit.BudgetConfig;
import dev.signet.admin.ratelimit.RequestAddress;
import dev.signet.admin.ratelimit.RequestBudgets;
import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The invite link's target: the link is the credential, so this needs no token. The answer holds a
 * key enrollment token, so nothing may cache it or pass the URL on as a Referer.
 */
@Path("/v1/verify")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "Invites")
public class VerifyResource {

  /** Longer than any token Signet hands out (43 characters), short enough to bound the work. */
  private static final int MAX_TOKEN = 128;

  private final InviteService service;
  private final MeterRegistry meters;
  private final RequestBudgets budgets;
  private final RequestAddress address;
  private final BudgetConfig limits;

  VerifyResource(
      InviteService service,
      MeterRegistry meters,
      RequestBudgets budgets,
      RequestAddress address,
      BudgetConfig limits) {
    this.service = service;
    this.meters = meters;
    this.budgets = budgets;
    this.address = address;
    this.limits = limits;
  }

  @GET
  @SecurityRequirements
  @Operation(
      summary = "Redeem an invite once: activates the person, returns a key enrollment token")
  @APIResponse(
      responseCode = "200",
      description = "Redeemed",
      content = @Content(schema = @Schema(implementation = Redemption.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "410", description = "Used, withdrawn or expired")
  @APIResponse(responseCode = "429", description = "Too many attempts from this address")
  public Uni<Response> verify(
      @QueryParam("invite") String invite,
      @QueryParam("token") String token,
      @Context HttpServerRequest request) {
    String presented = CleanText.require("token", token, MAX_TOKEN);
    if (presented == null || presented.isBlank()) {
      throw new InvalidInputException("token", "is required");
    }
    java.util.UUID id = Ids.uuid("invite", invite);
    return budgets
        .draw("verify", address.of(request), limits.verifyPerAddress())
        .chain(() -> service.redeem(id, presented))
        .onItemOrFailure()
        .invoke(
            (r, failure) ->
                meters
                    .counter(
                        "signet_invite_redemptions_total",
                        "outcome",
                        failure == null ? "redeemed" : "refused")
                    .increment())
        .map(
            r ->
                Response.ok(r)
                    .header("Cache-Control", "no-store")
                    .header("Referrer-Policy", "no-referrer")
                    .build());
  }
}
