package dev.signet.admin.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Public page after sign-out, outside {@code /console} so it needs no session. */
@Path("/console-signed-out")
@Produces(MediaType.TEXT_HTML)
public class SignedOutPage {

  private final Template page;

  SignedOutPage(@Location("console/signed-out.html") Template page) {
    this.page = page;
  }

  @GET
  public TemplateInstance get() {
    return page.instance();
  }
}
