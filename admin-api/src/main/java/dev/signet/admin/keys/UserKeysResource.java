package dev.signet.admin.keys;

import dev.signet.admin.persistence.Ids;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admins see and revoke a person's keys and devices. */
@Path("/v1/users/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"signet:admin", "signet:users:admin"})
@Tag(name = "Users")
public class UserKeysResource {

  private final UserKeyAdministration keys;
  private final SecurityIdentity identity;

  UserKeysResource(UserKeyAdministration keys, SecurityIdentity identity) {
    this.keys = keys;
    this.identity = identity;
  }

  @GET
  @Path("/keys")
  @RolesAllowed({"signet:admin", "signet:users:admin", "signet:users:read"})
  @Operation(summary = "The person's enrolled keys, revoked ones included")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Uni<List<KeyViews.Key>> keys(@PathParam("id") String id) {
    return keys.keys(Ids.uuid("id", id));
  }

  @GET
  @Path("/devices")
  @RolesAllowed({"signet:admin", "signet:users:admin", "signet:users:read"})
  @Operation(summary = "The person's devices, revoked ones included")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Uni<List<KeyViews.DeviceView>> devices(@PathParam("id") String id) {
    return keys.devices(Ids.uuid("id", id));
  }

  @POST
  @Path("/keys/{kid}/revoke")
  @Operation(summary = "Revoke one key: it can no longer sign a key login")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  public Uni<KeyViews.Key> revokeKey(@PathParam("id") String id, @PathParam("kid") String kid) {
    return keys.revokeKey(
        identity.getPrincipal().getName(), Ids.uuid("id", id), KidParam.parse(kid));
  }

  @POST
  @Path("/devices/{device_id}/revoke")
  @Operation(summary = "Revoke a device and every key on it")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  public Uni<KeyViews.DeviceView> revokeDevice(
      @PathParam("id") String id, @PathParam("device_id") String deviceId) {
    return keys.revokeDevice(
        identity.getPrincipal().getName(), Ids.uuid("id", id), Ids.uuid("device_id", deviceId));
  }
}
