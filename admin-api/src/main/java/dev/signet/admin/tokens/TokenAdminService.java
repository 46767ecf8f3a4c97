package dev.signet.admin.tokens;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditOutcome;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.error.ProblemException;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.tokens.TokenAdminContract;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Token administration on behalf of an admin, carried out by token-service (which owns the token
 * tables). Each revocation is audited here with the acting admin, as success or failure.
 */
@ApplicationScoped
public class TokenAdminService {

  private static final Logger LOG = Logger.getLogger(TokenAdminService.class);

  private final TokenServiceClient tokens;
  private final AuditRecorder audit;

  TokenAdminService(@RestClient TokenServiceClient tokens, AuditRecorder audit) {
    this.tokens = tokens;
    this.audit = audit;
  }

  public Uni<TokenAdminContract.FamilyPage> families(
      String clientId, String subject, String status, int limit, String cursor) {
    return tokens
        .families(clientId, subject, status, limit, cursor)
        .onFailure()
        .transform(TokenAdminService::translate);
  }

  public Uni<TokenAdminContract.TokenInfo> lookup(String jti) {
    return tokens.lookup(jti).onFailure().transform(TokenAdminService::translate);
  }

  public Uni<TokenAdminContract.FamilyRevocation> revokeFamily(
      String actor, UUID familyId, String reason) {
    AuditEvent.Builder event =
        AuditEvent.builder("admin.token.family_revoked")
            .actor(actor)
            .target(familyId.toString())
            .attribute("reason", reason);
    return audited(
        event,
        tokens.revokeFamily(
            familyId.toString(), new TokenAdminContract.RevokeRequest(reason, actor)),
        r -> event.attribute("revoked_tokens", r.revokedTokens()));
  }

  public Uni<TokenAdminContract.BulkRevocation> revokeAll(
      String actor, String clientId, String subject, String reason) {
    AuditEvent.Builder event =
        AuditEvent.builder(
                clientId != null ? "admin.token.client_revoked" : "admin.token.subject_revoked")
            .actor(actor)
            .target(clientId != null ? clientId : subject)
            .subject(subject)
            .attribute("reason", reason);
    return audited(
        event,
        tokens.revokeAll(
            new TokenAdminContract.BulkRevokeRequest(clientId, subject, reason, actor)),
        r ->
            event
                .attribute("revoked_families", r.revokedFamilies())
                .attribute("revoked_refresh_tokens", r.revokedRefreshTokens())
                .attribute("denylisted_jtis", r.denylistedJtis()));
  }

  /** Runs the call, then records the outcome either way; the caller sees the call's result. */
  private <T> Uni<T> audited(
      AuditEvent.Builder event, Uni<T> call, Function<T, AuditEvent.Builder> onSuccess) {
    return call.onItemOrFailure()
        .transformToUni(
            (result, failure) -> {
              if (failure != null) {
                ProblemException problem = translate(failure);
                AuditOutcome outcome =
                    problem.problem().status() >= 500 ? AuditOutcome.FAILURE : AuditOutcome.DENIED;
                return audit
                    .recordAlone(
                        event.outcome(outcome).attribute("error", problem.problem().title()))
                    .onItemOrFailure()
                    .transformToUni((ignored, e) -> Uni.createFrom().<T>failure(problem));
              }
              return audit.recordAlone(onSuccess.apply(result)).replaceWith(result);
            });
  }

  static ProblemException translate(Throwable failure) {
    if (failure instanceof ProblemException p) {
      return p;
    }
    if (failure instanceof WebApplicationException web && web.getResponse() != null) {
      int status = web.getResponse().getStatus();
      if (status == 404) {
        return ProblemException.notFound("token-service knows no such token or family.");
      }
      if (status == 400 || status == 422) {
        return ProblemException.badRequest("token-service refused the request as invalid.");
      }
      LOG.warnf("token-service answered %d to an admin request", status);
      return ProblemException.unavailable("token-service could not carry out the request.");
    }
    LOG.warnf("token-service unreachable: %s", SafeFailures.describe(failure));
    return ProblemException.unavailable("token-service is not reachable.");
  }
}
