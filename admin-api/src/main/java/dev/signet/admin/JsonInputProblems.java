package dev.signet.admin;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.signet.common.error.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus REST ships its own mapper for a JSON value of the wrong type (plain JSON body); this more
 * specific one answers problem+json like every other bad input. Belongs in common's ProblemMappers
 * for every service.
 */
public class JsonInputProblems {

  private final ProblemMappers mappers = new ProblemMappers();

  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
    return mappers.json(e, uri);
  }
}
