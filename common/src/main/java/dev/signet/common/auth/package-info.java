/**
 * Bearer authentication for Signet's services and for resource servers that trust Signet.
 *
 * <h2>Verification</h2>
 *
 * {@link dev.signet.common.auth.BearerIdentityProvider} verifies every bearer token with the {@link
 * dev.signet.common.auth.BearerTokenVerifier} that {@code signet.auth.verifier} selects:
 *
 * <ul>
 *   <li>{@code database} (default, Signet's own services): {@link
 *       dev.signet.common.auth.TokenVerifier}, keys from the shared {@code signing_keys} table.
 *   <li>{@code jwks} (a resource server outside Signet's database): {@link
 *       dev.signet.common.auth.JwksTokenVerifier}, keys from {@code
 *       <issuer>/.well-known/openid-configuration} -> {@code jwks_uri} (keyring-service), or {@code
 *       signet.auth.jwks.uri}; cached per Cache-Control within {@code
 *       signet.auth.jwks.min-cache}/{@code max-cache}; an unknown kid refetches at most once per
 *       {@code signet.auth.jwks.refetch-interval}.
 * </ul>
 *
 * Both refuse a token without kid, pin the algorithm to the key's (RS256, ES256, EdDSA), require
 * {@code typ: at+jwt}, the configured {@code iss}, exp/nbf within the skew ({@code
 * signet.auth.clock-skew}, or token-service's policy) and no future {@code iat}; then the audience
 * (below) and the denylist ({@link dev.signet.common.auth.RevocationCheck}: introspection at
 * token-service, or token-service's own tables). Refusals are 401 problem+json with {@code
 * WWW-Authenticate: Bearer error="invalid_token"} and a short reason; a missing scope is 403.
 *
 * <h2>Audiences</h2>
 *
 * Every endpoint accepts only tokens whose {@code aud} names this service ({@code
 * signet.auth.audience}, {@code urn:signet:<service>}), except an endpoint marked {@link
 * dev.signet.common.auth.RequiresAudience}: there the annotation's audiences <em>replace</em> the
 * service's. So an audience-scoped token (token-service's token exchange for a registered audience
 * such as {@code jobs.abort}, {@code aud: ["jobs.abort"]}, 30-600 s) opens exactly the endpoints
 * annotated for it, and a general token opens none of them unless the annotation also lists {@link
 * dev.signet.common.auth.RequiresAudience#SERVICE}. A token of a single-use audience ({@code
 * single_use: true}) is consumed by the first annotated call ({@link
 * dev.signet.common.auth.AudienceTokenUses}) and refused after ({@code already_used}).
 *
 * <p>In Signet itself keyring-service's emergency key revocation ({@code POST
 * /v1/keys/{kid}/revoke}) accepts its general admin token or one scoped to {@code
 * signet.keys.revoke}, which can do nothing else.
 */
package dev.signet.common.auth;
