package dev.signet.token.device;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.common.error.ProblemException;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.metrics.TokenMetrics;
import dev.signet.token.ratelimit.SharedBudgets;
import dev.signet.token.user.UserTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A person looks at a user code and approves or denies it, with their own access token (key login).
 * Guessing is bounded per address and per person across replicas: every miss (malformed, unknown,
 * expired or decided code) draws on both budgets, a hit draws nothing and resets nothing, and an
 * exhausted budget refuses right codes too until its window ends.
 */
@ApplicationScoped
public class DeviceApproval {

  static final String BUCKET_IP = "user_code_ip";
  static final String BUCKET_USER = "user_code_user";

  private final DeviceCodes codes;
  private final SharedBudgets budgets;
  private final AuditRecorder audit;
  private final TokenMetrics metrics;
  private final Pool pool;
  private final Clock clock;
  private final TokenConfig.Users config;

  DeviceApproval(
      DeviceCodes codes,
      SharedBudgets budgets,
      AuditRecorder audit,
      TokenMetrics metrics,
      Pool pool,
      Clock clock,
      TokenConfig config) {
    this.codes = codes;
    this.budgets = budgets;
    this.audit = audit;
    this.metrics = metrics;
    this.pool = pool;
    this.clock = clock;
    this.config = config.users();
  }

  /** The person behind a bearer token: only a person's token decides for a device. */
  static String person(VerifiedToken token) {
    if (token == null
        || !SignetClaims.PRINCIPAL_USER.equals(
            token.claims().getClaimValue(SignetClaims.PRINCIPAL_TYPE))
        || token.subject() == null) {
      throw ProblemException.forbidden("Only a person's own access token can approve a device.");
    }
    return token.subject();
  }

  public Uni<DeviceRequestView> show(VerifiedToken token, String entered, String ip) {
    return pending(person(token), entered, ip).map(DeviceRequestView::of);
  }

  /** As above, for the person of a browser session (the device page). */
  public Uni<DeviceRequestView> show(UUID person, String entered, String ip) {
    return pending(person.toString(), entered, ip).map(DeviceRequestView::of);
  }

  public Uni<DeviceRequestView> decide(VerifiedToken token, DeviceDecision decision, String ip) {
    return decide(person(token), token.claims().getClaimValue(UserTokens.AKID), decision, ip);
  }

  /**
   * As above, for the person of a browser session: signed in with a passkey, not one of their
   * enrolled keys, so the device's tokens name no {@code akid}.
   */
  public Uni<DeviceRequestView> decide(UUID person, DeviceDecision decision, String ip) {
    return decide(person.toString(), null, decision, ip);
  }

  private Uni<DeviceRequestView> decide(
      String person, Object akid, DeviceDecision decision, String ip) {
    Instant now = Instant.now(clock);
    return pending(person, decision.userCode(), ip)
        .chain(
            row ->
                pool.withTransaction(
                    tx ->
                        codes
                            .decide(
                                tx,
                                row.userCode(),
                                decision.approve(),
                                person,
                                akid == null ? null : akid.toString(),
                                now)
                            .call(
                                changed -> {
                                  if (!changed) {
                                    throw ProblemException.conflict(
                                        "This request was decided already or has expired.");
                                  }
                                  return audit.record(
                                      tx,
                                      AuditEvent.builder(
                                              decision.approve()
                                                  ? "device.approved"
                                                  : "device.denied")
                                          .actor(person)
                                          .subject(person)
                                          .target("user_code/" + row.userCode())
                                          .attribute("client_id", row.clientId())
                                          .attribute("scope", row.scope())
                                          .attribute("akid", akid)
                                          .attribute("requested_from", row.requestedIp())
                                          .attribute("ip", ip));
                                })
                            .replaceWith(row)))
        .invoke(() -> metrics.deviceFlow(decision.approve() ? "approved" : "denied"))
        .map(
            row ->
                DeviceRequestView.of(
                    new DeviceCode(
                        row.hash(),
                        row.userCode(),
                        row.clientId(),
                        row.scope(),
                        decision.approve() ? DeviceCode.APPROVED : DeviceCode.DENIED,
                        person,
                        null,
                        row.intervalSeconds(),
                        row.lastPolledAt(),
                        row.createdAt(),
                        row.expiresAt(),
                        row.requestedIp(),
                        row.userAgent())));
  }

  /** The pending request behind an entered code, within both guessing budgets. */
  private Uni<DeviceCode> pending(String person, String entered, String ip) {
    return budgets
        .check(BUCKET_IP, ip, config.userCodeAttemptsPerIp(), config.userCodeWindow())
        .call(
            () ->
                budgets.check(
                    BUCKET_USER, person, config.userCodeAttemptsPerUser(), config.userCodeWindow()))
        .chain(
            () -> {
              Optional<String> code = UserCodes.normalise(entered);
              if (code.isEmpty()) {
                return Uni.createFrom().item(Optional.<DeviceCode>empty());
              }
              return codes.byUserCode(pool, code.get());
            })
        .chain(
            found -> {
              Instant now = Instant.now(clock);
              if (found.isPresent()
                  && DeviceCode.PENDING.equals(found.get().status())
                  && !found.get().expired(now)) {
                return Uni.createFrom().item(found.get());
              }
              metrics.deviceFlow("user_code_miss");
              return budgets
                  .draw(BUCKET_IP, ip, config.userCodeAttemptsPerIp(), config.userCodeWindow())
                  .call(
                      () ->
                          budgets.draw(
                              BUCKET_USER,
                              person,
                              config.userCodeAttemptsPerUser(),
                              config.userCodeWindow()))
                  .chain(
                      () ->
                          Uni.createFrom()
                              .failure(
                                  ProblemException.notFound(
                                      "No pending device request has this code.")));
            });
  }
}
