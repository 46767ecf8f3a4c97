package dev.signet.common.audit;

import dev.signet.common.error.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every service's dead letters: audit events admin-api refused, for an admin to see and retry. */
@Path("/v1/outbox/dead-letters")
@Tag(name = "outbox")
@RolesAllowed("signet:admin")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

  private static final int MAX_LIMIT = 200;

  private final DeadLetters deadLetters;
  private final SecurityIdentity identity;

  DeadLetterResource(DeadLetters deadLetters, SecurityIdentity identity) {
    this.deadLetters = deadLetters;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "List this service's dead-lettered audit events, oldest first")
  public Uni<DeadLetters.DeadLetterPage> list(
      @QueryParam("limit") @DefaultValue("50") String limit, @QueryParam("cursor") String cursor) {
    return deadLetters.list(cursor(cursor), limit(limit));
  }

  /** Read as text, so 19 digits or a word is a 400 naming the bound (an int param would be 404). */
  private static int limit(String limit) {
    try {
      int n = Integer.parseInt(limit.trim());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT + ".");
  }

  @POST
  @Path("/{event_id}/retry")
  @Operation(summary = "Put a dead letter back in the delivery queue at its place")
  public Uni<DeadLetters.Retried> retry(@PathParam("event_id") String eventId) {
    UUID id;
    try {
      id = UUID.fromString(eventId);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("event_id must be a UUID.");
    }
    return deadLetters.retry(id, identity.getPrincipal().getName());
  }

  private static long cursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return 0;
    }
    try {
      long seq = Long.parseLong(cursor);
      if (seq < 0) {
        throw new NumberFormatException();
      }
      return seq;
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("cursor is not one this API gave out.");
    }
  }
}
