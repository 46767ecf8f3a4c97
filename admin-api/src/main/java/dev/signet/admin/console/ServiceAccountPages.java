package dev.signet.admin.console;

import dev.signet.admin.AdminConfig;
import dev.signet.admin.accounts.ScopeCeiling;
import dev.signet.admin.accounts.SecretOverlap;
import dev.signet.admin.accounts.ServiceAccountFilter;
import dev.signet.admin.accounts.ServiceAccountResource;
import dev.signet.admin.accounts.ServiceAccountService;
import dev.signet.admin.accounts.ServiceAccountView;
import dev.signet.admin.paging.Page;
import dev.signet.admin.paging.PageRequest;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Validator;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * Service accounts: list with the REST API's filters and cursor, create, rotate the secret, disable
 * and enable. Calls {@link ServiceAccountService} with the admin's own scope ceiling, as {@code
 * /v1/service-accounts} does. A new secret is shown on the answer to the post that made it and
 * nowhere else: the page is not stored, the list never holds it, and it is never logged.
 */
@Path("/console/service-accounts")
@Produces(MediaType.TEXT_HTML)
public class ServiceAccountPages {

  private final ConsoleAccess access;
  private final ConsoleCsrf csrf;
  private final SecurityIdentity identity;
  private final ServiceAccountService accounts;
  private final AdminConfig config;
  private final Template page;
  private final Template secret;
  private final Validator validator;

  ServiceAccountPages(
      ConsoleAccess access,
      ConsoleCsrf csrf,
      SecurityIdentity identity,
      ServiceAccountService accounts,
      AdminConfig config,
      @Location("console/service-accounts.html") Template page,
      @Location("console/service-account-secret.html") Template secret,
      Validator validator) {
    this.access = access;
    this.csrf = csrf;
    this.identity = identity;
    this.accounts = accounts;
    this.config = config;
    this.page = page;
    this.secret = secret;
    this.validator = validator;
  }

  /** The list filters, as the REST API names them. */
  public static class Filters {
    @QueryParam("status")
    String status;

    @QueryParam("team")
    String team;

    @QueryParam("scope")
    String scope;

    @QueryParam("name")
    String name;

    @QueryParam("cursor")
    String cursor;

    static Filters none() {
      return new Filters();
    }
  }

  @GET
  public Uni<TemplateInstance> list(@BeanParam Filters filters) {
    return access
        .require(identity)
        .chain(
            admin ->
                render(admin, filters, ServiceAccountForm.empty(), ConsoleMessages.none(), null));
  }

  @POST
  public Uni<TemplateInstance> create(
      @RestForm("client_id") String clientId,
      @RestForm("name") String name,
      @RestForm("description") String description,
      @RestForm("scopes") String scopes,
      @RestForm("team") String team,
      @RestForm("rate_limit_per_minute") String rateLimit,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header) {
    ServiceAccountForm typed =
        new ServiceAccountForm(clientId, name, description, scopes, team, rateLimit);
    return access
        .require(identity)
        .invoke(admin -> csrf.require(admin, form, header))
        .chain(
            admin ->
                Uni.createFrom()
                    .deferred(
                        () ->
                            accounts.create(
                                ceiling(admin),
                                ConsoleMessages.valid(validator, typed.toRequest())))
                    .map(
                        created ->
                            secret
                                .data("admin", admin)
                                .data("nav", "service-accounts")
                                .data("heading", "Service account created")
                                .data("clientId", created.clientId())
                                .data("secret", created.clientSecret())
                                .data("previousExpiresAt", null))
                    .onFailure(e -> !(e instanceof ConsoleRefusal))
                    .recoverWithUni(
                        e -> render(admin, Filters.none(), typed, ConsoleMessages.of(e), null)));
  }

  @POST
  @Path("/{client_id}/rotate-secret")
  public Uni<TemplateInstance> rotate(
      @PathParam("client_id") String clientId,
      @RestForm("overlap_seconds") String overlapSeconds,
      @RestForm("compromised") String compromised,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header) {
    return access
        .require(identity)
        .invoke(admin -> csrf.require(admin, form, header))
        .chain(
            admin ->
                Uni.createFrom()
                    .deferred(
                        () ->
                            accounts.rotateSecret(
                                ceiling(admin),
                                ServiceAccountResource.pathId(clientId),
                                SecretOverlap.parse(
                                    overlapSeconds, config.secretRotationMaxOverlap()),
                                "on".equals(compromised) || "true".equals(compromised)))
                    .map(
                        rotated ->
                            secret
                                .data("admin", admin)
                                .data("nav", "service-accounts")
                                .data("heading", "New secret issued")
                                .data("clientId", rotated.clientId())
                                .data("secret", rotated.clientSecret())
                                .data("previousExpiresAt", rotated.previousSecretExpiresAt()))
                    .onFailure(e -> !(e instanceof ConsoleRefusal))
                    .recoverWithUni(
                        e ->
                            render(
                                admin,
                                Filters.none(),
                                ServiceAccountForm.empty(),
                                ConsoleMessages.of(e),
                                null)));
  }

  @POST
  @Path("/{client_id}/disable")
  public Uni<TemplateInstance> disable(
      @PathParam("client_id") String clientId,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header,
      @RestHeader("HX-Request") String htmx) {
    return status(clientId, false, form, header, htmx);
  }

  @POST
  @Path("/{client_id}/enable")
  public Uni<TemplateInstance> enable(
      @PathParam("client_id") String clientId,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header,
      @RestHeader("HX-Request") String htmx) {
    return status(clientId, true, form, header, htmx);
  }

  private Uni<TemplateInstance> status(
      String clientId, boolean active, String form, String header, String htmx) {
    return access
        .require(identity)
        .invoke(admin -> csrf.require(admin, form, header))
        .chain(
            admin ->
                act(
                    admin,
                    htmx,
                    clientId,
                    id -> accounts.setStatus(ceiling(admin), id, active),
                    active ? "Enabled " : "Disabled "));
  }

  /** An htmx request gets the changed row (or the row with the refusal), a plain post the page. */
  private Uni<TemplateInstance> act(
      ConsoleAdmin admin,
      String htmx,
      String clientId,
      Function<String, Uni<ServiceAccountView>> action,
      String done) {
    return Uni.createFrom()
        .deferred(() -> action.apply(ServiceAccountResource.pathId(clientId)))
        .chain(
            changed ->
                htmx != null
                    ? Uni.createFrom().item(row(admin, changed, null))
                    : render(
                        admin,
                        Filters.none(),
                        ServiceAccountForm.empty(),
                        ConsoleMessages.none(),
                        done + changed.clientId() + "."))
        .onFailure(e -> !(e instanceof ConsoleRefusal))
        .recoverWithUni(
            e ->
                htmx != null
                    ? Uni.createFrom()
                        .deferred(() -> accounts.get(ServiceAccountResource.pathId(clientId)))
                        .map(a -> row(admin, a, ConsoleMessages.of(e).error()))
                        .onFailure()
                        .recoverWithUni(
                            missing ->
                                render(
                                    admin,
                                    Filters.none(),
                                    ServiceAccountForm.empty(),
                                    ConsoleMessages.of(e),
                                    null))
                    : render(
                        admin,
                        Filters.none(),
                        ServiceAccountForm.empty(),
                        ConsoleMessages.of(e),
                        null));
  }

  private TemplateInstance row(ConsoleAdmin admin, ServiceAccountView a, String rowError) {
    return page.getFragment("row").data("admin", admin).data("a", a).data("rowError", rowError);
  }

  private Uni<TemplateInstance> render(
      ConsoleAdmin admin,
      Filters filters,
      ServiceAccountForm typed,
      ConsoleMessages messages,
      String notice) {
    Uni<Page<ServiceAccountView>> listed;
    ConsoleMessages shown = messages;
    try {
      ServiceAccountFilter filter =
          ServiceAccountFilter.of(filters.status, filters.team, filters.scope, filters.name);
      PageRequest request = PageRequest.of(null, filters.cursor, config.maxPageSize());
      listed = accounts.list(filter, request);
    } catch (RuntimeException e) {
      // A filter the REST API would refuse with 400: say why, list nothing.
      listed = Uni.createFrom().item(new Page<>(List.of(), null));
      shown = ConsoleMessages.of(e);
    }
    ConsoleMessages finalMessages = shown;
    return listed.map(
        p ->
            page.data("admin", admin)
                .data("nav", "service-accounts")
                .data("f", FilterView.of(filters))
                .data("items", p.items())
                .data("next", next(filters, p.nextCursor()))
                .data("form", typed)
                .data("messages", finalMessages)
                .data("notice", notice)
                .data("rowError", null));
  }

  private static String next(Filters f, String cursor) {
    if (cursor == null) {
      return null;
    }
    java.util.Map<String, String> q = new java.util.LinkedHashMap<>();
    q.put("status", f.status);
    q.put("team", f.team);
    q.put("scope", f.scope);
    q.put("name", f.name);
    q.put("cursor", cursor);
    return ConsoleLinks.withQuery("/console/service-accounts", q);
  }

  private static ScopeCeiling ceiling(ConsoleAdmin admin) {
    return new ScopeCeiling(admin.subject(), admin.scopes());
  }

  /** The filters as the form shows them back (never null, so the template needs no checks). */
  @io.quarkus.qute.TemplateData
  public record FilterView(String status, String team, String scope, String name) {
    static FilterView of(Filters f) {
      return new FilterView(
          f.status == null ? "" : f.status,
          f.team == null ? "" : f.team,
          f.scope == null ? "" : f.scope,
          f.name == null ? "" : f.name);
    }
  }
}
