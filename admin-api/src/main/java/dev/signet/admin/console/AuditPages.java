package dev.signet.admin.console;

import dev.signet.admin.audit.AuditEventPage;
import dev.signet.admin.audit.AuditEventStore;
import dev.signet.admin.audit.AuditQuery;
import dev.signet.common.auth.Scopes;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit trail, newest first, with the filters of {@code /v1/audit-events} parsed by the same
 * {@link AuditQuery}: a value the API would refuse (too long, NUL, a bad time) shows the API's
 * field messages on the page and lists nothing.
 */
@Path("/console/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditPages {

  static final String SCOPE = "signet:audit:read";

  private final ConsoleAccess access;
  private final SecurityIdentity identity;
  private final AuditEventStore store;
  private final Template page;

  AuditPages(
      ConsoleAccess access,
      SecurityIdentity identity,
      AuditEventStore store,
      @Location("console/audit.html") Template page) {
    this.access = access;
    this.identity = identity;
    this.store = store;
    this.page = page;
  }

  /** The filters, as the REST API names them. */
  public static class Filters {
    @QueryParam("type")
    String type;

    @QueryParam("actor")
    String actor;

    @QueryParam("subject")
    String subject;

    @QueryParam("task_id")
    String taskId;

    @QueryParam("from")
    String from;

    @QueryParam("to")
    String to;

    @QueryParam("cursor")
    String cursor;

    Map<String, String> asMap() {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("type", type);
      q.put("actor", actor);
      q.put("subject", subject);
      q.put("task_id", taskId);
      q.put("from", from);
      q.put("to", to);
      return q;
    }
  }

  /** The filters as the form shows them back. */
  @TemplateData
  public record FilterView(
      String type, String actor, String subject, String taskId, String from, String to) {
    static FilterView of(Filters f) {
      return new FilterView(
          blank(f.type),
          blank(f.actor),
          blank(f.subject),
          blank(f.taskId),
          blank(f.from),
          blank(f.to));
    }

    private static String blank(String value) {
      return value == null ? "" : value;
    }
  }

  @GET
  @WithSession
  public Uni<TemplateInstance> search(@BeanParam Filters f) {
    return access
        .require(identity)
        .invoke(
            admin -> {
              if (!Scopes.grants(admin.scopes(), SCOPE)) {
                throw ConsoleRefusal.missingScope(SCOPE);
              }
            })
        .chain(
            admin -> {
              AuditQuery query;
              try {
                query =
                    AuditQuery.parse(
                        f.type, f.actor, f.subject, f.taskId, f.from, f.to, f.cursor, null);
              } catch (RuntimeException e) {
                return Uni.createFrom()
                    .item(
                        render(
                            admin, f, new AuditEventPage(List.of(), null), ConsoleMessages.of(e)));
              }
              return store
                  .search(query)
                  .map(p -> render(admin, f, p, ConsoleMessages.none()))
                  .onFailure(e -> !(e instanceof ConsoleRefusal))
                  .recoverWithItem(
                      e ->
                          render(
                              admin,
                              f,
                              new AuditEventPage(List.of(), null),
                              ConsoleMessages.of(e)));
            });
  }

  private TemplateInstance render(
      ConsoleAdmin admin, Filters f, AuditEventPage events, ConsoleMessages messages) {
    String next = null;
    if (events.nextCursor() != null) {
      Map<String, String> q = f.asMap();
      q.put("cursor", events.nextCursor());
      next = ConsoleLinks.withQuery("/console/audit", q);
    }
    return page.data("admin", admin)
        .data("nav", "audit")
        .data("f", FilterView.of(f))
        .data("items", events.items())
        .data("next", next)
        .data("messages", messages);
  }
}
