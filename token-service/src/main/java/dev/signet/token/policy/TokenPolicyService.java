package dev.signet.token.policy;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.error.ProblemException;
import dev.signet.token.config.TokenConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Reads and edits the token policy. Grants read it through a cache; an edit drops it at once on
 * this replica and, through {@value DatabaseChannels#TOKEN_POLICY_CHANGED} notified at commit, on
 * the others.
 */
@ApplicationScoped
public class TokenPolicyService {

  private record Cached(TokenPolicyView policy, Instant loadedAt) {}

  private final AuditRecorder audit;
  private final TokenConfig config;
  private final Clock clock;
  private volatile Cached cached;

  TokenPolicyService(
      AuditRecorder audit, TokenConfig config, Clock clock, DatabaseChannels channels) {
    this.audit = audit;
    this.config = config;
    this.clock = clock;
    channels.listen(DatabaseChannels.TOKEN_POLICY_CHANGED, payload -> cached = null);
  }

  /** The policy, from the cache when it is fresh. */
  public Uni<TokenPolicyView> current() {
    Cached c = cached;
    Instant now = Instant.now(clock);
    if (c != null && c.loadedAt().plus(config.policyCacheTtl()).isAfter(now)) {
      return Uni.createFrom().item(c.policy());
    }
    return load().invoke(p -> cached = new Cached(p, now));
  }

  /** The policy as stored now, bypassing the cache. */
  public Uni<TokenPolicyView> load() {
    return Panache.withSession(
        () ->
            TokenPolicy.<TokenPolicy>findById(TokenPolicy.DEFAULT_ID)
                .map(
                    p -> {
                      if (p == null) {
                        throw ProblemException.unavailable("The token policy row is missing.");
                      }
                      return p.view();
                    }));
  }

  @WithTransaction
  public Uni<TokenPolicyView> update(TokenPolicyUpdate update, String actor) {
    return TokenPolicy.<TokenPolicy>findById(TokenPolicy.DEFAULT_ID)
        .chain(
            p -> {
              if (p == null) {
                throw ProblemException.unavailable("The token policy row is missing.");
              }
              AuditEvent.Builder event =
                  AuditEvent.builder("token_policy.updated")
                      .actor(actor)
                      .target("token_policy/default");
              change(
                  event,
                  "access_token_ttl_seconds",
                  p.accessTokenTtlSeconds,
                  update.accessTokenTtlSeconds());
              change(
                  event,
                  "refresh_token_ttl_seconds",
                  p.refreshTokenTtlSeconds,
                  update.refreshTokenTtlSeconds());
              change(
                  event,
                  "agent_token_ttl_seconds",
                  p.agentTokenTtlSeconds,
                  update.agentTokenTtlSeconds());
              change(
                  event,
                  "audience_token_ttl_seconds",
                  p.audienceTokenTtlSeconds,
                  update.audienceTokenTtlSeconds());
              change(
                  event,
                  "refresh_reuse_grace_seconds",
                  p.refreshReuseGraceSeconds,
                  update.refreshReuseGraceSeconds());
              change(event, "clock_skew_seconds", p.clockSkewSeconds, update.clockSkewSeconds());
              p.accessTokenTtlSeconds = update.accessTokenTtlSeconds();
              p.refreshTokenTtlSeconds = update.refreshTokenTtlSeconds();
              p.agentTokenTtlSeconds = update.agentTokenTtlSeconds();
              p.audienceTokenTtlSeconds = update.audienceTokenTtlSeconds();
              p.refreshReuseGraceSeconds = update.refreshReuseGraceSeconds();
              p.clockSkewSeconds = update.clockSkewSeconds();
              p.updatedAt = Instant.now(clock);
              p.updatedBy = actor;
              TokenPolicyView view = p.view();
              return audit
                  .record(event)
                  .call(
                      () ->
                          DatabaseChannels.notifyOnCommit(
                              DatabaseChannels.TOKEN_POLICY_CHANGED, "default"))
                  .replaceWith(view);
            })
        .invoke(view -> cached = null);
  }

  private static void change(AuditEvent.Builder event, String name, long before, long after) {
    if (before != after) {
      event.attribute(name, before + " -> " + after);
    }
  }
}
