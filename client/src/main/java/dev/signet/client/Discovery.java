package dev.signet.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The authorization server's metadata (RFC 8414, OpenID Connect Discovery): everything this library
 * calls is taken from here, never built from the issuer by string concatenation.
 *
 * @param deviceAuthorizationEndpoint null when the server offers no device flow
 * @param authorizationEndpoint null when the server offers no authorization code flow
 * @param issInAuthorizationResponse the server puts {@code iss} in its authorization responses (RFC
 *     9207), so a response without it is refused
 */
public record Discovery(
    String issuer,
    URI tokenEndpoint,
    URI introspectionEndpoint,
    URI revocationEndpoint,
    URI deviceAuthorizationEndpoint,
    URI authorizationEndpoint,
    URI jwksUri,
    List<String> grantTypes,
    boolean issInAuthorizationResponse) {

  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

  /**
   * Reads {@code <issuer>/.well-known/openid-configuration} and checks that the document names
   * exactly this issuer (RFC 8414 section 3.3): a document for another issuer is refused.
   */
  public static Discovery fetch(SignetHttp http, String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    URI uri;
    try {
      uri = URI.create(base + "/.well-known/openid-configuration");
    } catch (IllegalArgumentException e) {
      throw new TransportException("'" + issuer + "' is not a URL", 0, e);
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
      throw new TransportException("'" + issuer + "' is not an http(s) URL", 0, null);
    }
    JsonNode doc;
    try {
      doc = http.get(uri, null);
    } catch (ProblemException | OAuthErrorException e) {
      throw new TransportException(
          issuer + " is not a Signet issuer (discovery answered " + e.status() + ")",
          e.status(),
          e);
    }
    String named = SignetHttp.text(doc, "issuer");
    if (named == null || !named.equals(base)) {
      throw new TransportException(
          "the discovery document at " + uri + " names issuer '" + named + "', not '" + base + "'",
          200,
          null);
    }
    List<String> grants = new ArrayList<>();
    doc.path("grant_types_supported").forEach(g -> grants.add(g.asText()));
    return new Discovery(
        named,
        required(doc, "token_endpoint"),
        optional(doc, "introspection_endpoint"),
        optional(doc, "revocation_endpoint"),
        optional(doc, "device_authorization_endpoint"),
        optional(doc, "authorization_endpoint"),
        optional(doc, "jwks_uri"),
        List.copyOf(grants),
        doc.path("authorization_response_iss_parameter_supported").asBoolean(false));
  }

  public boolean supports(String grantType) {
    return grantTypes.contains(grantType);
  }

  private static URI required(JsonNode doc, String field) {
    URI uri = optional(doc, field);
    if (uri == null) {
      throw new TransportException("the discovery document has no " + field, 200, null);
    }
    return uri;
  }

  private static URI optional(JsonNode doc, String field) {
    String value = SignetHttp.text(doc, field);
    if (value == null) {
      return null;
    }
    try {
      return URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new TransportException("the discovery document's " + field + " is not a URL", 200, e);
    }
  }
}
