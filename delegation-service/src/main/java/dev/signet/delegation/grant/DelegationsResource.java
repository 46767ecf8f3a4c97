package dev.signet.delegation.grant;

import dev.signet.common.auth.Scopes;
import dev.signet.common.delegation.DelegationCheckRequest;
import dev.signet.common.delegation.DelegationCheckResponse;
import dev.signet.common.delegation.DelegationPaths;
import dev.signet.common.error.ProblemException;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import dev.signet.delegation.DelegationScopes;
import dev.signet.delegation.agent.Agent;
import dev.signet.delegation.agent.AgentRepository;
import dev.signet.delegation.scopes.ScopeNames;
import dev.signet.delegation.scopes.ScopeRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Delegation grants. A principal delegates with its own token (the grant can never hold more than
 * that token's scopes, and no {@code signet:} scope); the agent holding a grant delegates further
 * with its own token. The principal, an actor of the chain, or an admin revokes a grant, and with
 * it every grant derived from it. token-service asks {@code /internal/v1/delegations/check}.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DelegationsResource {

  private static final Logger LOG = Logger.getLogger(DelegationsResource.class);

  private final GrantRepository grants;
  private final AgentRepository agents;
  private final ScopeRepository scopes;
  private final Pool pool;
  private final SecurityIdentity identity;
  private final Clock clock;
  private final MeterRegistry registry;

  DelegationsResource(
      GrantRepository grants,
      AgentRepository agents,
      ScopeRepository scopes,
      Pool pool,
      SecurityIdentity identity,
      Clock clock,
      MeterRegistry registry) {
    this.grants = grants;
    this.agents = agents;
    this.scopes = scopes;
    this.pool = pool;
    this.identity = identity;
    this.clock = clock;
    this.registry = registry;
  }

  /** Creates a root grant (no {@code parent_id}) or a child of a grant the caller is actor of. */
  @POST
  @Path("/v1/delegations")
  @Authenticated
  public Uni<Response> create(@NotNull @Valid GrantWrite body) {
    if (body.scopes() != null) {
      body.scopes().forEach(s -> ScopeNames.require(s, "scopes"));
    }
    return grants
        .create(caller(), Set.copyOf(identity.getRoles()), body)
        .map(
            g ->
                Response.status(201)
                    .entity(g)
                    .header("Location", "/v1/delegations/" + g.id())
                    .build());
  }

  /** Readers and admins see any grant; others the grants they are principal or actor of. */
  @GET
  @Path("/v1/delegations/{id}")
  @Authenticated
  public Uni<Grant> get(@PathParam("id") String id) {
    UUID uuid = id(id);
    return grants
        .find(uuid)
        .map(
            found -> {
              Grant g = found.orElseThrow(() -> ProblemException.notFound("no grant " + uuid));
              if (!reader() && !g.principal().equals(caller()) && !g.actor().equals(caller())) {
                throw ProblemException.notFound("no grant " + uuid);
              }
              return g;
            });
  }

  /** The caller's grants, as principal or actor. */
  @GET
  @Path("/v1/delegations")
  @Authenticated
  public Uni<List<Grant>> mine() {
    return grants.involving(caller());
  }

  /** Revokes the grant and its whole subtree; answers the ids revoked now. */
  @DELETE
  @Path("/v1/delegations/{id}")
  @Authenticated
  public Uni<Map<String, Object>> revoke(@PathParam("id") String id) {
    boolean admin = identity.hasRole(DelegationScopes.ADMIN);
    return grants
        .revoke(id(id), caller(), admin)
        .map(revoked -> Map.of("revoked", revoked.stream().map(Grant::id).toList()));
  }

  /** Whether one delegated exchange may happen (token-service's question). */
  @POST
  @Path(DelegationPaths.DELEGATION_CHECK)
  @RolesAllowed(Scopes.INTERNAL)
  public Uni<DelegationCheckResponse> check(DelegationCheckRequest body) {
    checked(body);
    if (body.grantId() == null) {
      return Uni.createFrom()
          .item(DelegationCheckResponse.denied(null, "a grant_id is required"))
          .invoke(this::count);
    }
    return scopes
        .graph()
        .chain(
            graph ->
                GrantRepository.chain(pool, body.grantId())
                    .chain(
                        chain ->
                            chain.isEmpty() || chain.get(0).agentId() == null
                                ? Uni.createFrom()
                                    .item(HopCheck.check(body, chain, null, graph, clock.instant()))
                                : AgentRepository.find(pool, chain.get(0).agentId())
                                    .map(
                                        agent -> {
                                          DelegationCheckResponse answer =
                                              HopCheck.check(
                                                  body,
                                                  chain,
                                                  agent.orElse(null),
                                                  graph,
                                                  clock.instant());
                                          agent.ifPresent(a -> tally(a, body, answer));
                                          return answer;
                                        })))
        .invoke(this::count);
  }

  /**
   * The agent's counters (issued, failed) move with each check of a hop it takes: the check is
   * asked on every grant-backed delegated exchange, so counting here needs no report from
   * token-service and no queue. Counted after the answer and apart from it: a counter that cannot
   * be written is logged and never delays or fails the check. A hop asked for by another actor is
   * not this agent's failure, so it is not counted.
   */
  private void tally(Agent agent, DelegationCheckRequest body, DelegationCheckResponse answer) {
    if (!agent.clientId().equals(body.actor())) {
      return;
    }
    agents
        .count(agent.id(), answer.allowed() ? 1 : 0, 0, answer.allowed() ? 0 : 1)
        .subscribe()
        .with(
            ignored -> {},
            e ->
                LOG.warnf(
                    "could not count a delegation check for agent %s: %s",
                    agent.id(), SafeFailures.describe(e)));
  }

  private void count(DelegationCheckResponse r) {
    registry
        .counter(
            "signet.delegation.checks",
            "outcome",
            r.allowed() ? "allow" : "deny",
            "depth",
            String.valueOf(r.depth()))
        .increment();
  }

  private static void checked(DelegationCheckRequest r) {
    if (r == null) {
      throw new InvalidInputException("body", "must not be null");
    }
    required("principal", r.principal());
    required("actor", r.actor());
    if (r.currentDepth() < 0 || r.currentDepth() > 10) {
      throw new InvalidInputException("current_depth", "must be 0-10");
    }
    if (r.actorChain() != null) {
      if (r.actorChain().size() > 10) {
        throw new InvalidInputException("actor_chain", "must hold at most 10 actors");
      }
      r.actorChain().forEach(a -> required("actor_chain", a));
    }
    if (r.requestedScopes() != null) {
      if (r.requestedScopes().size() > 100) {
        throw new InvalidInputException("requested_scopes", "must hold at most 100 scopes");
      }
      r.requestedScopes().forEach(s -> ScopeNames.require(s, "requested_scopes"));
    }
    if (r.requestedAudiences() != null) {
      if (r.requestedAudiences().size() > 20) {
        throw new InvalidInputException("requested_audiences", "must hold at most 20 audiences");
      }
      r.requestedAudiences().forEach(a -> required("requested_audiences", a));
    }
  }

  private static void required(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidInputException(field, "is required");
    }
    CleanText.require(field, value, 255);
  }

  private boolean reader() {
    return identity.hasRole(DelegationScopes.READ) || identity.hasRole(DelegationScopes.ADMIN);
  }

  private String caller() {
    return identity.getPrincipal().getName();
  }

  static UUID id(String raw) {
    try {
      if (raw != null && raw.length() == 36) {
        return UUID.fromString(raw);
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw ProblemException.notFound("no grant with that id");
  }
}
