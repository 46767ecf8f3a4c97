package dev.signet.token.authorize;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The authorization response as a 303 to the client's checked redirect URI: the code (or the
 * error), the client's {@code state} unchanged, and {@code iss} (RFC 9207) so a client talking to
 * several servers can tell which one answered and a mix-up attacker cannot pass one off as another.
 */
@ApplicationScoped
public class AuthorizeRedirects {

  private final String issuer;

  AuthorizeRedirects(
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuer) {
    this.issuer = issuer;
  }

  public Response code(String redirectUri, String code, String state) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("code", code);
    return to(redirectUri, params, state);
  }

  public Response error(
      String redirectUri, AuthorizeError error, String description, String state) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("error", error.code());
    params.put("error_description", description);
    return to(redirectUri, params, state);
  }

  public Response refused(AuthorizeRequests.Refused refused) {
    return error(refused.redirectUri(), refused.error(), refused.description(), refused.state());
  }

  private Response to(String redirectUri, Map<String, String> params, String state) {
    return Response.seeOther(URI.create(location(redirectUri, params, state)))
        .header("Cache-Control", "no-store")
        .build();
  }

  /** The error redirect's target, for answers sent before JAX-RS (see AuthorizePageHeaders). */
  String errorLocation(AuthorizeRequests.Refused refused) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("error", refused.error().code());
    params.put("error_description", refused.description());
    return location(refused.redirectUri(), params, refused.state());
  }

  private String location(String redirectUri, Map<String, String> params, String state) {
    if (state != null) {
      params.put("state", state);
    }
    params.put("iss", issuer);
    // The registered URI may carry a query of its own (RFC 6749 section 3.1.2): keep it.
    StringBuilder url = new StringBuilder(redirectUri);
    char separator = redirectUri.indexOf('?') >= 0 ? '&' : '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      url.append(separator)
          .append(e.getKey())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    return url.toString();
  }
}
