package dev.signet.token.session;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A test-only page that refuses with the status it is given, to test the HTML error page. */
@Path("/account/test-refusal")
@Produces(MediaType.TEXT_HTML)
public class RefusingPage {

  @GET
  public String refuse(@QueryParam("status") int status, @QueryParam("detail") String detail) {
    throw new PageException(status, detail);
  }
}
