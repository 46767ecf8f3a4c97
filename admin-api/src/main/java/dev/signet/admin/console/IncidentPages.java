package dev.signet.admin.console;

import dev.signet.admin.AdminConfig;
import dev.signet.admin.incidents.IncidentService;
import dev.signet.admin.incidents.IncidentView;
import dev.signet.admin.incidents.ResolveIncidentRequest;
import dev.signet.admin.paging.PageRequest;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Validator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * Incidents: list by status, acknowledge, resolve with a note. Calls {@link IncidentService} as
 * {@code /v1/incidents} does; an htmx request gets the changed row back, a plain form post the
 * page.
 */
@Path("/console/incidents")
@Produces(MediaType.TEXT_HTML)
public class IncidentPages {

  private static final Set<String> STATUSES = Set.of("open", "acknowledged", "resolved");

  private final ConsoleAccess access;
  private final ConsoleCsrf csrf;
  private final SecurityIdentity identity;
  private final IncidentService incidents;
  private final AdminConfig config;
  private final Template page;
  private final Validator validator;

  IncidentPages(
      ConsoleAccess access,
      ConsoleCsrf csrf,
      SecurityIdentity identity,
      IncidentService incidents,
      AdminConfig config,
      @Location("console/incidents.html") Template page,
      Validator validator) {
    this.validator = validator;
    this.access = access;
    this.csrf = csrf;
    this.identity = identity;
    this.incidents = incidents;
    this.config = config;
    this.page = page;
  }

  @GET
  public Uni<TemplateInstance> list(
      @QueryParam("status") String status, @QueryParam("cursor") String cursor) {
    return access
        .require(identity)
        .chain(admin -> render(admin, status, cursor, ConsoleMessages.none()));
  }

  @POST
  @Path("/{id}/acknowledge")
  public Uni<TemplateInstance> acknowledge(
      @PathParam("id") String id,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header,
      @RestHeader("HX-Request") String htmx) {
    return access
        .require(identity)
        .invoke(admin -> csrf.require(admin, form, header))
        .chain(admin -> act(admin, htmx, id, uuid -> incidents.acknowledge(admin.subject(), uuid)));
  }

  @POST
  @Path("/{id}/resolve")
  public Uni<TemplateInstance> resolve(
      @PathParam("id") String id,
      @RestForm("note") String note,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header,
      @RestHeader("HX-Request") String htmx) {
    return access
        .require(identity)
        .invoke(admin -> csrf.require(admin, form, header))
        .chain(
            admin ->
                act(
                    admin,
                    htmx,
                    id,
                    uuid ->
                        incidents.resolve(
                            admin.subject(),
                            uuid,
                            ConsoleMessages.valid(validator, new ResolveIncidentRequest(note))
                                .note())));
  }

  private Uni<TemplateInstance> act(
      ConsoleAdmin admin,
      String htmx,
      String id,
      java.util.function.Function<UUID, Uni<IncidentView>> action) {
    Optional<UUID> uuid = uuid(id);
    if (uuid.isEmpty()) {
      return render(admin, null, null, ConsoleMessages.of("Incident id must be a UUID."));
    }
    return Uni.createFrom()
        .deferred(() -> action.apply(uuid.get()))
        .chain(
            changed ->
                htmx != null
                    ? Uni.createFrom()
                        .item(
                            page.getFragment("row")
                                .data("admin", admin)
                                .data("i", changed)
                                .data("rowError", null))
                    : render(admin, null, null, ConsoleMessages.none()))
        .onFailure(e -> !(e instanceof ConsoleRefusal))
        .recoverWithUni(
            e ->
                htmx != null
                    ? incidents
                        .get(uuid.get())
                        .map(
                            i ->
                                page.getFragment("row")
                                    .data("admin", admin)
                                    .data("i", i)
                                    .data("rowError", ConsoleMessages.of(e).error()))
                        .onFailure()
                        .recoverWithUni(missing -> render(admin, null, null, ConsoleMessages.of(e)))
                    : render(admin, null, null, ConsoleMessages.of(e)));
  }

  private Uni<TemplateInstance> render(
      ConsoleAdmin admin, String status, String cursor, ConsoleMessages messages) {
    Optional<String> s = Optional.ofNullable(status).filter(STATUSES::contains);
    PageRequest request;
    try {
      request = PageRequest.of(null, cursor, config.maxPageSize());
    } catch (RuntimeException e) {
      request = PageRequest.of(null, null, config.maxPageSize());
      messages = ConsoleMessages.of(e);
    }
    ConsoleMessages shown = messages;
    return incidents
        .list(s, Optional.empty(), request)
        .map(
            p ->
                page.data("admin", admin)
                    .data("nav", "incidents")
                    .data("status", s.orElse(""))
                    .data("items", p.items())
                    .data("next", p.nextCursor())
                    .data("messages", shown)
                    .data("rowError", null));
  }

  private static Optional<UUID> uuid(String id) {
    if (id == null || id.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
