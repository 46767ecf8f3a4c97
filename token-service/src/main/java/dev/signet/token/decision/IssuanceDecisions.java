package dev.signet.token.decision;

import dev.signet.common.delegation.DecisionBatchRequest;
import dev.signet.common.delegation.DecisionRequest;
import dev.signet.common.delegation.DecisionResponse;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.internal.InternalTokenSource;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.delegation.ActChain;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Asks delegation-service's policy engine before a token is signed (issue 15, item 3), for every
 * grant, since every access token passes {@link dev.signet.token.grant.AccessTokenIssuer}. Asked:
 * one decision per policy-governed scope and audience (action = the scope, resource = the
 * audience), which a policy must allow; and, for a delegated token, one per audience with the
 * delegated action, which only an explicit deny refuses (the grant, checked on the hop, is the
 * allow). Nothing is cached: each token is asked about afresh. No answer is a 503, never a token.
 */
@ApplicationScoped
public class IssuanceDecisions {

  /** delegation-service's batch limit; a token needing more answers is refused as too wide. */
  static final int BATCH_MAX = 200;

  private static final Logger LOG = Logger.getLogger(IssuanceDecisions.class);

  /** What is about to be signed, as the decision sees it. */
  public record Issuance(
      String clientId,
      String subject,
      String principalType,
      Collection<String> scopes,
      List<String> audiences,
      Map<String, Object> claims) {}

  /** One question and whether a default deny (no policy matched) refuses. */
  private record Question(DecisionRequest request, boolean governed) {}

  private final DecisionsConfig config;
  private final DecisionsClient client;
  private final InternalTokenSource internalTokens;

  IssuanceDecisions(
      DecisionsConfig config,
      @RestClient DecisionsClient client,
      InternalTokenSource internalTokens) {
    this.config = config;
    this.client = client;
    this.internalTokens = internalTokens;
  }

  /** Whether {@code scope} is policy-governed: named exactly or by a {@code prefix*} entry. */
  boolean governed(String scope) {
    for (String entry : config.governedScopes().orElse(List.of())) {
      if (entry.endsWith("*")
          ? scope.startsWith(entry.substring(0, entry.length() - 1))
          : scope.equals(entry)) {
        return true;
      }
    }
    return false;
  }

  /** Completes when the token may be signed; fails with the OAuth error the client gets. */
  public Uni<Void> allow(Issuance issuance) {
    List<Question> questions = questions(issuance);
    if (questions.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    if (questions.size() > BATCH_MAX) {
      return Uni.createFrom()
          .failure(
              OAuthException.of(
                  OAuthError.INVALID_SCOPE,
                  "Too many policy-governed scope and audience pairs in one token; ask for"
                      + " fewer."));
    }
    return answers(questions).map(answers -> judge(questions, answers)).replaceWithVoid();
  }

  List<Question> questions(Issuance issuance) {
    boolean delegated = issuance.claims().containsKey(SignetClaims.ACT);
    if (!delegated && issuance.scopes().stream().noneMatch(this::governed)) {
      // Every client_credentials token comes through here: with nothing to ask, build nothing.
      return List.of();
    }
    Map<String, Object> subject = new LinkedHashMap<>();
    subject.put("principal_type", issuance.principalType());
    subject.put("client_id", issuance.clientId());
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("client_id", issuance.clientId());
    context.put("scopes", List.copyOf(issuance.scopes()));
    context.put("audiences", issuance.audiences());
    if (delegated) {
      List<String> actors =
          ActChain.of(issuance.claims().get(SignetClaims.ACT))
              .map(ActChain::actors)
              .orElse(List.of());
      context.put("actor", actors.isEmpty() ? "" : actors.get(0));
      context.put("act_chain", actors);
      context.put("depth", actors.size());
    }
    for (String claim :
        List.of(SignetClaims.DELEGATION_GRANT, SignetClaims.TASK_ID, SignetClaims.PARENT_TASK_ID)) {
      if (issuance.claims().get(claim) instanceof String value) {
        context.put(claim, value);
      }
    }
    List<Question> questions = new ArrayList<>();
    for (String scope : issuance.scopes()) {
      if (governed(scope)) {
        for (String audience : issuance.audiences()) {
          questions.add(
              new Question(
                  new DecisionRequest(
                      issuance.subject(), subject, scope, audience, Map.of(), context),
                  true));
        }
      }
    }
    if (delegated) {
      for (String audience : issuance.audiences()) {
        questions.add(
            new Question(
                new DecisionRequest(
                    issuance.subject(),
                    subject,
                    config.delegatedAction(),
                    audience,
                    Map.of(),
                    context),
                false));
      }
    }
    return questions;
  }

  /** One call either way: the single endpoint for one question, the batch for more. */
  private Uni<List<DecisionResponse>> answers(List<Question> questions) {
    Uni<List<DecisionResponse>> call =
        questions.size() == 1
            ? client.decide(questions.get(0).request()).map(a -> a == null ? null : List.of(a))
            : client
                .decideAll(
                    new DecisionBatchRequest(questions.stream().map(Question::request).toList()))
                .map(a -> a == null ? null : a.decisions());
    return call.onFailure()
        .transform(
            e -> {
              if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 401) {
                internalTokens.invalidate();
              }
              LOG.warnf("policy decision failed: %s", SafeFailures.describe(e));
              return undecidable();
            })
        .map(
            answers -> {
              if (answers == null || answers.size() != questions.size()) {
                LOG.warnf("delegation-service answered a decision batch out of shape; refusing");
                throw undecidable();
              }
              return answers;
            });
  }

  private static List<DecisionResponse> judge(
      List<Question> questions, List<DecisionResponse> answers) {
    for (int i = 0; i < questions.size(); i++) {
      Question q = questions.get(i);
      DecisionResponse a = answers.get(i);
      if (a == null || a.allowed()) {
        if (a == null) {
          throw undecidable();
        }
        continue;
      }
      boolean explicit = a.policyIds() != null && !a.policyIds().isEmpty();
      if (!q.governed() && !explicit) {
        continue;
      }
      // The policy's reason may name policies a client should not learn: it stays in the log.
      LOG.debugf(
          "policy refused %s on %s: %s", q.request().action(), q.request().resource(), a.reason());
      if (q.governed()) {
        throw OAuthException.of(
            OAuthError.INVALID_SCOPE,
            "Scope '"
                + q.request().action()
                + "' for audience '"
                + q.request().resource()
                + "' is refused by policy.");
      }
      throw OAuthException.invalidGrant("Delegation refused by policy.");
    }
    return answers;
  }

  private static OAuthException undecidable() {
    return OAuthException.unavailable("Policy decisions cannot be made now; retry shortly.");
  }
}
