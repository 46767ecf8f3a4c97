package dev.signet.admin.console;

import dev.signet.admin.invites.CreateInviteRequest;
import dev.signet.admin.invites.InviteSending;
import dev.signet.admin.invites.InviteService;
import dev.signet.admin.persistence.Ids;
import dev.signet.common.input.CleanText;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Validator;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * Invites on the people page: invite a person (the mail carries the single-use link; like {@code
 * POST /v1/invites} the page shows the invite and the mail's id, never the link's token) and
 * withdraw a pending invite.
 */
@Path("/console/users/invites")
@Produces(MediaType.TEXT_HTML)
public class InvitePages {

  private final ConsoleAccess access;
  private final ConsoleCsrf csrf;
  private final SecurityIdentity identity;
  private final InviteSending sending;
  private final InviteService invites;
  private final UsersPage page;
  private final Validator validator;

  InvitePages(
      ConsoleAccess access,
      ConsoleCsrf csrf,
      SecurityIdentity identity,
      InviteSending sending,
      InviteService invites,
      UsersPage page,
      Validator validator) {
    this.access = access;
    this.csrf = csrf;
    this.identity = identity;
    this.sending = sending;
    this.invites = invites;
    this.page = page;
    this.validator = validator;
  }

  @POST
  public Uni<TemplateInstance> create(
      @RestForm("email") String email,
      @RestForm("display_name") String displayName,
      @RestForm("roles") String roles,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header) {
    UsersPage.InviteForm typed = new UsersPage.InviteForm(email, displayName, roles);
    return access
        .require(identity)
        .invoke(admin -> csrf.require(admin, form, header))
        .chain(
            admin ->
                Uni.createFrom()
                    .deferred(
                        () -> {
                          java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
                          fields.put("email", email);
                          fields.put("display_name", displayName);
                          fields.put("roles", roles);
                          FormValues.requireClean(fields);
                          return sending.send(
                              UserPages.ceiling(admin),
                              ConsoleMessages.valid(
                                  validator,
                                  new CreateInviteRequest(
                                      email,
                                      FormValues.optional(displayName),
                                      FormValues.words(roles))));
                        })
                    .chain(
                        sent ->
                            page.render(
                                admin,
                                UsersPage.Filters.none(),
                                UsersPage.InviteForm.empty(),
                                ConsoleMessages.none(),
                                "Invitation mailed to "
                                    + sent.invite().email()
                                    + " (mail "
                                    + sent.mailMessageId()
                                    + "). The single-use link is only in that mail; it expires "
                                    + sent.invite().expiresAt()
                                    + "."))
                    .onFailure(e -> !(e instanceof ConsoleRefusal))
                    .recoverWithUni(
                        e ->
                            page.render(
                                admin,
                                UsersPage.Filters.none(),
                                typed,
                                ConsoleMessages.of(e),
                                null)));
  }

  @POST
  @Path("/{id}/revoke")
  public Uni<TemplateInstance> revoke(
      @PathParam("id") String id,
      @RestForm("reason") String reason,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header,
      @RestHeader("HX-Request") String htmx) {
    return access
        .require(identity)
        .invoke(admin -> csrf.require(admin, form, header))
        .chain(
            admin ->
                Uni.createFrom()
                    .deferred(
                        () -> {
                          String why = CleanText.require("reason", reason, 200);
                          return invites.revoke(
                              UserPages.ceiling(admin),
                              Ids.uuid("id", id),
                              why == null || why.isBlank() ? null : why.trim());
                        })
                    .chain(
                        revoked ->
                            htmx != null
                                ? Uni.createFrom().item(page.inviteRow(admin, revoked, null))
                                : page.render(
                                    admin,
                                    UsersPage.Filters.none(),
                                    UsersPage.InviteForm.empty(),
                                    ConsoleMessages.none(),
                                    "Invite to " + revoked.email() + " withdrawn."))
                    .onFailure(e -> !(e instanceof ConsoleRefusal))
                    .recoverWithUni(
                        e ->
                            htmx != null
                                ? Uni.createFrom()
                                    .deferred(() -> invites.get(Ids.uuid("id", id)))
                                    .map(
                                        i ->
                                            page.inviteRow(admin, i, ConsoleMessages.of(e).error()))
                                    .onFailure()
                                    .recoverWithUni(
                                        missing ->
                                            page.render(
                                                admin,
                                                UsersPage.Filters.none(),
                                                UsersPage.InviteForm.empty(),
                                                ConsoleMessages.of(e),
                                                null))
                                : page.render(
                                    admin,
                                    UsersPage.Filters.none(),
                                    UsersPage.InviteForm.empty(),
                                    ConsoleMessages.of(e),
                                    null)));
  }
}
