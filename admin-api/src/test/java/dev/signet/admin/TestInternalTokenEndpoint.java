package dev.signet.admin;

import dev.signet.common.testing.TestTokens;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A client_credentials token endpoint for admin-api's tests, where token-service does not run: it
 * checks the internal account's Basic credentials and answers an RFC 6749 token response whose
 * token is signed by the real key code, so the outbox dispatcher's internal call is authorized
 * exactly as in production. Test sources only.
 */
@Path("/test-support/oauth2/token")
public class TestInternalTokenEndpoint {

  static final String CLIENT_ID = "admin-test-internal";
  static final String CLIENT_SECRET = "admin-test-internal-secret";

  private final TestTokens tokens;

  TestInternalTokenEndpoint(TestTokens tokens) {
    this.tokens = tokens;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  public Response token(
      @HeaderParam("Authorization") String authorization,
      @FormParam("grant_type") String grantType,
      @FormParam("scope") String scope) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(authorization)) {
      return Response.status(401).entity(Map.of("error", "invalid_client")).build();
    }
    if (!"client_credentials".equals(grantType) || !"signet:internal".equals(scope)) {
      return Response.status(400).entity(Map.of("error", "invalid_request")).build();
    }
    return Response.ok(
            Map.of(
                "access_token",
                tokens.bearer(CLIENT_ID, "signet:internal"),
                "token_type",
                "Bearer",
                "expires_in",
                900))
        .header("Cache-Control", "no-store")
        .build();
  }
}
