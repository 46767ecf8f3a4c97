package dev.signet.admin.console;

import dev.signet.admin.overview.OverviewQueries;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

/** The console's overview page (the security overview API, as a page) and sign-out. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

  private final ConsoleAccess access;
  private final ConsoleCsrf csrf;
  private final SecurityIdentity identity;
  private final OverviewQueries overview;
  private final OidcSession session;
  private final Template overviewPage;

  ConsoleResource(
      ConsoleAccess access,
      ConsoleCsrf csrf,
      SecurityIdentity identity,
      OverviewQueries overview,
      OidcSession session,
      @Location("console/overview.html") Template overviewPage) {
    this.access = access;
    this.csrf = csrf;
    this.identity = identity;
    this.overview = overview;
    this.session = session;
    this.overviewPage = overviewPage;
  }

  @GET
  public Uni<TemplateInstance> overview() {
    return access
        .require(identity)
        .chain(
            admin ->
                overview
                    .load()
                    .map(
                        o ->
                            overviewPage
                                .data("admin", admin)
                                .data("nav", "overview")
                                .data("o", o)));
  }

  /**
   * Ends the console session by dropping quarkus-oidc's session cookie. token-service signs the
   * person out of its own pages separately.
   */
  @POST
  @Path("/logout")
  public Uni<Response> logout(
      @RestForm(ConsoleCsrf.FIELD) String form, @RestHeader(ConsoleCsrf.HEADER) String header) {
    return access
        .require(identity)
        .invoke(admin -> csrf.require(admin, form, header))
        .chain(admin -> session.logout())
        .map(v -> Response.seeOther(URI.create("/console-signed-out")).build());
  }
}
