package dev.signet.admin.console;

import dev.signet.admin.persistence.Ids;
import dev.signet.admin.users.RoleCeiling;
import dev.signet.admin.users.UserService;
import dev.signet.admin.users.UserView;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * People: the list with the REST API's filters, disable, enable and revoke-tokens, through {@link
 * UserService} with the admin's own role ceiling, as {@code /v1/users} does. An htmx request gets
 * the changed row back, a plain form post the page.
 */
@Path("/console/users")
@Produces(MediaType.TEXT_HTML)
public class UserPages {

  private final ConsoleAccess access;
  private final ConsoleCsrf csrf;
  private final SecurityIdentity identity;
  private final UserService users;
  private final UsersPage page;

  UserPages(
      ConsoleAccess access,
      ConsoleCsrf csrf,
      SecurityIdentity identity,
      UserService users,
      UsersPage page) {
    this.access = access;
    this.csrf = csrf;
    this.identity = identity;
    this.users = users;
    this.page = page;
  }

  @GET
  public Uni<TemplateInstance> list(@BeanParam UsersPage.Filters filters) {
    return access
        .require(identity)
        .chain(
            admin ->
                page.render(
                    admin, filters, UsersPage.InviteForm.empty(), ConsoleMessages.none(), null));
  }

  @POST
  @Path("/{id}/disable")
  public Uni<TemplateInstance> disable(
      @PathParam("id") String id,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header,
      @RestHeader("HX-Request") String htmx) {
    return act(
        id,
        form,
        header,
        htmx,
        (admin, uuid) -> users.setEnabled(ceiling(admin), uuid, false),
        "Disabled ");
  }

  @POST
  @Path("/{id}/enable")
  public Uni<TemplateInstance> enable(
      @PathParam("id") String id,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header,
      @RestHeader("HX-Request") String htmx) {
    return act(
        id,
        form,
        header,
        htmx,
        (admin, uuid) -> users.setEnabled(ceiling(admin), uuid, true),
        "Enabled ");
  }

  @POST
  @Path("/{id}/revoke-tokens")
  public Uni<TemplateInstance> revokeTokens(
      @PathParam("id") String id,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header,
      @RestHeader("HX-Request") String htmx) {
    return act(
        id,
        form,
        header,
        htmx,
        (admin, uuid) -> users.revokeTokens(ceiling(admin), uuid),
        "Signed out everywhere: ");
  }

  private Uni<TemplateInstance> act(
      String id,
      String form,
      String header,
      String htmx,
      java.util.function.BiFunction<ConsoleAdmin, UUID, Uni<UserView>> action,
      String done) {
    return access
        .require(identity)
        .invoke(admin -> csrf.require(admin, form, header))
        .chain(
            admin -> {
              Function<Throwable, Uni<TemplateInstance>> refused =
                  e -> plain(admin, ConsoleMessages.of(e), null);
              return Uni.createFrom()
                  .deferred(() -> action.apply(admin, Ids.uuid("id", id)))
                  .chain(
                      changed ->
                          htmx != null
                              ? Uni.createFrom().item(page.userRow(admin, changed, null))
                              : plain(admin, ConsoleMessages.none(), done + changed.email() + "."))
                  .onFailure(e -> !(e instanceof ConsoleRefusal))
                  .recoverWithUni(
                      e ->
                          htmx != null
                              ? Uni.createFrom()
                                  .deferred(() -> users.get(Ids.uuid("id", id)))
                                  .map(u -> page.userRow(admin, u, ConsoleMessages.of(e).error()))
                                  .onFailure()
                                  .recoverWithUni(missing -> refused.apply(e))
                              : refused.apply(e));
            });
  }

  private Uni<TemplateInstance> plain(ConsoleAdmin admin, ConsoleMessages messages, String notice) {
    return page.render(
        admin, UsersPage.Filters.none(), UsersPage.InviteForm.empty(), messages, notice);
  }

  static RoleCeiling ceiling(ConsoleAdmin admin) {
    return new RoleCeiling(admin.subject(), admin.scopes());
  }
}
