package dev.signet.token.discovery;

import dev.signet.common.auth.SignetAudiences;
import dev.signet.common.keys.ActiveKeySigner;
import dev.signet.token.authorize.AuthorizationCodeGrant;
import dev.signet.token.authorize.Pkce;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.device.DeviceCodeGrant;
import dev.signet.token.exchange.TokenExchangeGrant;
import dev.signet.token.grant.AudienceRules;
import dev.signet.token.login.KeyLoginGrant;
import dev.signet.token.user.UserTokens;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Authorization server metadata (RFC 8414) under both well-known names, so a client that reads only
 * discovery finds every endpoint, grant, auth method and algorithm, and nothing that is not real:
 * the authorization endpoint with its one response type, only the signing algorithm in use, no
 * reserved {@code signet:} scope. {@code signet_service_audiences} names each Signet API's {@code
 * aud}.
 */
@Path("/.well-known")
public class DiscoveryEndpoint {

  private static final List<String> AUTH_METHODS =
      List.of("client_secret_basic", "client_secret_post", "private_key_jwt");

  /** At the token endpoint a public client (the CLI's) names itself only (RFC 6749 2.1). */
  private static final List<String> TOKEN_AUTH_METHODS =
      List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none");

  private static final List<String> ASSERTION_ALGS = List.of("RS256", "PS256", "ES256", "EdDSA");

  private final Map<String, Object> metadata;
  private final ActiveKeySigner signer;

  DiscoveryEndpoint(
      TokenConfig config,
      ActiveKeySigner signer,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuer) {
    this.signer = signer;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issuer", issuer);
    m.put("authorization_endpoint", issuer + "/oauth2/authorize");
    m.put("token_endpoint", issuer + "/oauth2/token");
    m.put("introspection_endpoint", issuer + "/oauth2/introspect");
    m.put("revocation_endpoint", issuer + "/oauth2/revoke");
    m.put("device_authorization_endpoint", issuer + "/oauth2/device_authorization");
    m.put("jwks_uri", config.jwksUri());
    m.put(
        "grant_types_supported",
        List.of(
            "client_credentials",
            "refresh_token",
            TokenExchangeGrant.GRANT,
            KeyLoginGrant.GRANT,
            DeviceCodeGrant.GRANT,
            AuthorizationCodeGrant.GRANT));
    m.put("code_challenge_methods_supported", List.of(Pkce.S256));
    m.put("response_types_supported", List.of("code"));
    m.put("response_modes_supported", List.of("query"));
    // RFC 9207: every authorization response carries iss.
    m.put("authorization_response_iss_parameter_supported", true);
    m.put("prompt_values_supported", List.of("none", "consent"));
    m.put("subject_types_supported", List.of("public"));
    // openid: the code grant answers it with an ID token (IdTokens).
    List<String> scopes = new java.util.ArrayList<>();
    scopes.add(AuthorizationCodeGrant.OPENID);
    config.scopesSupported().orElse(List.of()).stream()
        .filter(s -> !AudienceRules.isSignetScope(s) && !AuthorizationCodeGrant.OPENID.equals(s))
        .forEach(scopes::add);
    m.put("scopes_supported", List.copyOf(scopes));
    m.put("token_endpoint_auth_methods_supported", TOKEN_AUTH_METHODS);
    m.put("token_endpoint_auth_signing_alg_values_supported", ASSERTION_ALGS);
    m.put("introspection_endpoint_auth_methods_supported", AUTH_METHODS);
    m.put("introspection_endpoint_auth_signing_alg_values_supported", ASSERTION_ALGS);
    m.put("revocation_endpoint_auth_methods_supported", AUTH_METHODS);
    m.put("revocation_endpoint_auth_signing_alg_values_supported", ASSERTION_ALGS);
    m.put("signet_service_audiences", SignetAudiences.byService());
    m.put(
        "claims_supported",
        List.of(
            "iss",
            "sub",
            "aud",
            "exp",
            "iat",
            "nbf",
            "jti",
            "client_id",
            "scope",
            "sid",
            "auth_time",
            "nonce",
            "azp",
            UserTokens.USER_VER,
            UserTokens.AKID));
    this.metadata = Collections.unmodifiableMap(m);
  }

  @GET
  @Path("/oauth-authorization-server")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> authorizationServer() {
    return answer();
  }

  @GET
  @Path("/openid-configuration")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> openidConfiguration() {
    return answer();
  }

  /**
   * The metadata with the one algorithm that signs now: the key ring's active key decides it, and
   * follows an algorithm change once the new key is active; ID tokens are signed by the same key.
   * While no key is active (first start) both entries are left out.
   */
  private Uni<Response> answer() {
    return signer
        .activeAlgorithm()
        .map(alg -> List.of(alg.jwsName()))
        .onFailure()
        .recoverWithItem(List.of())
        .map(
            algs -> {
              Map<String, Object> body = new LinkedHashMap<>(metadata);
              if (!algs.isEmpty()) {
                body.put("access_token_signing_alg_values_supported", algs);
                body.put("id_token_signing_alg_values_supported", algs);
              }
              return Response.ok(body).header("Cache-Control", "public, max-age=300").build();
            });
  }
}
