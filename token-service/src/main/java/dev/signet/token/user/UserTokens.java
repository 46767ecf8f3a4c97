package dev.signet.token.user;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.auth.SignetAudiences;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.grant.AccessTokenIssuer;
import dev.signet.token.grant.Scopes;
import dev.signet.token.grant.TokenResponse;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.policy.TokenPolicyView;
import dev.signet.token.refresh.RefreshRotation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Mints a person's tokens, the same shape for key login, the device flow and their refreshes: sub =
 * the user id, {@code principal_type: user}, {@code user_ver} (tokens below the person's current
 * one are dead) and {@code akid} (the key that logged in; revoking it ends the tokens), audiences =
 * every Signet service, and a refresh token whose family remembers all three.
 */
@ApplicationScoped
public class UserTokens {

  /** The user_ver the token was issued under. */
  public static final String USER_VER = "user_ver";

  /** The id (kid) of the person's key the login was made with. */
  public static final String AKID = "akid";

  /** What a refresh family of a person holds. */
  public record Family(UUID userId, long userVer, String akid) {}

  private final AccessTokenIssuer issuer;
  private final RefreshRotation refresh;
  private final AuditRecorder audit;

  UserTokens(AccessTokenIssuer issuer, RefreshRotation refresh, AuditRecorder audit) {
    this.issuer = issuer;
    this.refresh = refresh;
    this.audit = audit;
  }

  /** A person's tokens are for Signet's own APIs (the CLI, the console, developer certificates). */
  public static List<String> audiences() {
    return SignetAudiences.all();
  }

  /** Signs an access token and starts its refresh family, recording both in {@code tx}. */
  public Uni<TokenResponse> issue(
      SqlConnection tx,
      String clientId,
      UserDirectory.User user,
      String akid,
      Set<String> scopes,
      TokenPolicyView policy,
      String grant,
      OAuthRequest request) {
    return issue(tx, clientId, user, akid, scopes, policy, grant, request, UUID.randomUUID());
  }

  /** As above, with the id of the new refresh family chosen by the caller (to remember it). */
  public Uni<TokenResponse> issue(
      SqlConnection tx,
      String clientId,
      UserDirectory.User user,
      String akid,
      Set<String> scopes,
      TokenPolicyView policy,
      String grant,
      OAuthRequest request,
      UUID familyId) {
    String scope = String.join(" ", scopes);
    return sign(clientId, user, akid, scopes, policy, familyId)
        .chain(
            token ->
                refresh
                    .startFamily(
                        tx,
                        familyId,
                        clientId,
                        user.id().toString(),
                        scope,
                        String.join(" ", audiences()),
                        Math.min(
                            policy.refreshTokenTtlSeconds(),
                            policy.refreshTokenMaxLifetimeSeconds()),
                        request)
                    .call(
                        () ->
                            tx.preparedQuery(
                                    "INSERT INTO user_token_families (family_id, user_id,"
                                        + " user_ver, akid) VALUES ($1, $2, $3, $4)")
                                .execute(Tuple.of(familyId, user.id(), user.userVer(), akid)))
                    .call(
                        rt ->
                            audit.record(
                                tx, issued(clientId, user, akid, token, scope, grant, request)))
                    .map(
                        rt ->
                            new TokenResponse(
                                token.jwt(), "Bearer", token.expiresIn(), scope, rt.value())));
  }

  /** The person behind a refresh family, when it is a person's. */
  public Uni<Optional<Family>> family(SqlConnection tx, UUID familyId) {
    return tx.preparedQuery(
            "SELECT user_id, user_ver, akid FROM user_token_families WHERE family_id = $1")
        .execute(Tuple.of(familyId))
        .map(
            rows -> {
              RowIterator<Row> it = rows.iterator();
              if (!it.hasNext()) {
                return Optional.empty();
              }
              Row row = it.next();
              return Optional.of(
                  new Family(
                      row.getUUID("user_id"), row.getLong("user_ver"), row.getString("akid")));
            });
  }

  /**
   * Whether a family may still be refreshed: the person active, their user_ver unchanged, and the
   * key that logged in still enrolled and unrevoked.
   */
  public static boolean stillValid(Family family, UserDirectory.User user) {
    return user.active()
        && user.userVer() == family.userVer()
        && (family.akid() == null || user.usableKey(family.akid()).isPresent());
  }

  /**
   * The refreshed access token of a person's family (the rotated refresh token is the caller's).
   */
  public Uni<AccessTokenIssuer.IssuedAccessToken> refreshed(
      String clientId,
      UserDirectory.User user,
      Family family,
      Set<String> scopes,
      TokenPolicyView policy,
      UUID familyId) {
    return sign(clientId, user, family.akid(), scopes, policy, familyId);
  }

  private Uni<AccessTokenIssuer.IssuedAccessToken> sign(
      String clientId,
      UserDirectory.User user,
      String akid,
      Set<String> scopes,
      TokenPolicyView policy,
      UUID familyId) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put(USER_VER, user.userVer());
    if (akid != null) {
      claims.put(AKID, akid);
    }
    return issuer.issue(
        clientId,
        user.id().toString(),
        scopes,
        audiences(),
        policy.accessTokenTtlSeconds(),
        familyId,
        SignetClaims.PRINCIPAL_USER,
        claims);
  }

  /** What the person may have now, narrowed to what was asked for (all of it when nothing was). */
  public static Set<String> narrow(Set<String> allowed, Optional<String> requested) {
    if (requested.isEmpty()) {
      return allowed;
    }
    Set<String> wanted = Scopes.parse(requested.get());
    wanted.retainAll(allowed);
    return wanted;
  }

  private static AuditEvent.Builder issued(
      String clientId,
      UserDirectory.User user,
      String akid,
      AccessTokenIssuer.IssuedAccessToken token,
      String scope,
      String grant,
      OAuthRequest request) {
    return AuditEvent.builder("token.issued")
        .actor(user.id().toString())
        .subject(user.id().toString())
        .target("jti/" + token.jti())
        .attribute("grant", grant)
        .attribute("client_id", clientId)
        .attribute("akid", akid)
        .attribute("user_ver", user.userVer())
        .attribute("expires_at", token.expiresAt().toString())
        .attribute("scope", scope)
        .attribute("ip", request.ip());
  }
}
