package dev.signet.token.device;

import dev.signet.token.client.AuthenticatedClient;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.grant.AccessTokenIssuer;
import dev.signet.token.grant.TokenResponse;
import dev.signet.token.metrics.TokenMetrics;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.policy.TokenPolicyService;
import dev.signet.token.policy.TokenPolicyView;
import dev.signet.token.ratelimit.SharedBudgets;
import dev.signet.token.user.UserDirectory;
import dev.signet.token.user.UserScopes;
import dev.signet.token.user.UserTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:device_code} (RFC 8628 section 3.4). Each poll
 * locks its row, so the answer and what it changes (last poll, a raised interval, the code used up)
 * commit together before the error or the tokens go out. A code is bound to the client that asked
 * for it and yields tokens once.
 */
@ApplicationScoped
public class DeviceCodeGrant {

  public static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  /** RFC 8628 section 3.5: slow_down adds 5 seconds, for this device code only. */
  static final int SLOW_DOWN_STEP = 5;

  /** What the transaction decided: tokens, or the error to answer after the commit. */
  private record Result(TokenResponse response, OAuthException error) {
    static Result error(OAuthError error, String description) {
      return new Result(null, OAuthException.of(error, description));
    }
  }

  private final DeviceCodes codes;
  private final UserDirectory users;
  private final UserScopes userScopes;
  private final UserTokens tokens;
  private final TokenPolicyService policies;
  private final AccessTokenIssuer issuer;
  private final SharedBudgets budgets;
  private final TokenMetrics metrics;
  private final Pool pool;
  private final Clock clock;
  private final TokenConfig.Users config;

  DeviceCodeGrant(
      DeviceCodes codes,
      UserDirectory users,
      UserScopes userScopes,
      UserTokens tokens,
      TokenPolicyService policies,
      AccessTokenIssuer issuer,
      SharedBudgets budgets,
      TokenMetrics metrics,
      Pool pool,
      Clock clock,
      TokenConfig config) {
    this.codes = codes;
    this.users = users;
    this.userScopes = userScopes;
    this.tokens = tokens;
    this.policies = policies;
    this.issuer = issuer;
    this.budgets = budgets;
    this.metrics = metrics;
    this.pool = pool;
    this.clock = clock;
    this.config = config.users();
  }

  public Uni<TokenResponse> grant(AuthenticatedClient client, OAuthRequest request) {
    DeviceAuthorizationEndpoint.requireDeviceGrant(client);
    String deviceCode = request.required("device_code");
    if (deviceCode.length() > 128) {
      throw OAuthException.invalidGrant("The device code is invalid.");
    }
    return budgets
        .draw(
            "device_poll", request.ip(), config.devicePollsPerIpPerMinute(), Duration.ofMinutes(1))
        .chain(policies::current)
        .call(issuer::ready)
        .chain(policy -> pool.withTransaction(tx -> poll(tx, client, deviceCode, policy, request)))
        .map(
            result -> {
              if (result.error() != null) {
                throw result.error();
              }
              metrics.deviceFlow("token_issued");
              metrics.userLogin("device", "success");
              metrics.issued(GRANT, client.clientId());
              return result.response();
            });
  }

  private Uni<Result> poll(
      SqlConnection tx,
      AuthenticatedClient client,
      String deviceCode,
      TokenPolicyView policy,
      OAuthRequest request) {
    Instant now = Instant.now(clock);
    return codes
        .lockByDeviceCode(tx, deviceCode)
        .chain(
            found -> {
              // Another client's code is as unknown as a made-up one (RFC 8628 section 3.5).
              if (found.isEmpty() || !found.get().clientId().equals(client.clientId())) {
                return done(Result.error(OAuthError.INVALID_GRANT, "The device code is invalid."));
              }
              DeviceCode row = found.get();
              if (DeviceCode.CONSUMED.equals(row.status())) {
                return done(
                    Result.error(OAuthError.INVALID_GRANT, "The device code was used already."));
              }
              if (row.expired(now)) {
                return done(Result.error(OAuthError.EXPIRED_TOKEN, "The device code has expired."));
              }
              if (row.lastPolledAt() != null
                  && row.lastPolledAt().plusSeconds(row.intervalSeconds()).isAfter(now)) {
                int slower = row.intervalSeconds() + SLOW_DOWN_STEP;
                return codes
                    .polled(tx, row, now, slower)
                    .replaceWith(
                        Result.error(
                            OAuthError.SLOW_DOWN,
                            "Polling too fast; wait " + slower + " s between polls."));
              }
              return switch (row.status()) {
                case DeviceCode.PENDING ->
                    codes
                        .polled(tx, row, now, row.intervalSeconds())
                        .replaceWith(
                            Result.error(
                                OAuthError.AUTHORIZATION_PENDING,
                                "The person has not approved the request yet."));
                case DeviceCode.DENIED ->
                    codes
                        .polled(tx, row, now, row.intervalSeconds())
                        .replaceWith(
                            Result.error(
                                OAuthError.ACCESS_DENIED, "The person denied the request."));
                case DeviceCode.APPROVED -> issue(tx, client, row, policy, request);
                default ->
                    done(Result.error(OAuthError.INVALID_GRANT, "The device code is invalid."));
              };
            });
  }

  private Uni<Result> issue(
      SqlConnection tx,
      AuthenticatedClient client,
      DeviceCode row,
      TokenPolicyView policy,
      OAuthRequest request) {
    UUID subject = UserDirectory.parseId(row.subject());
    return codes
        .consumed(tx, row)
        .chain(
            () ->
                subject == null
                    ? Uni.createFrom().item(Optional.<UserDirectory.User>empty())
                    : users.find(tx, subject))
        .chain(
            found -> {
              UserDirectory.User user = found.orElse(null);
              // Approved, then disabled or stripped of the approving key before the poll: nothing.
              if (user == null
                  || !user.active()
                  || (row.akid() != null && user.usableKey(row.akid()).isEmpty())) {
                return done(
                    Result.error(OAuthError.ACCESS_DENIED, "The approval is no longer valid."));
              }
              Set<String> scopes =
                  UserTokens.narrow(
                      userScopes.of(user.roles()),
                      row.scope().isBlank() ? Optional.empty() : Optional.of(row.scope()));
              return tokens
                  .issue(tx, client.clientId(), user, row.akid(), scopes, policy, GRANT, request)
                  .map(response -> new Result(response, null));
            });
  }

  private static <T> Uni<T> done(T value) {
    return Uni.createFrom().item(value);
  }
}
