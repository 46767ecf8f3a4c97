package dev.signet.delegation.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.common.auth.Scopes;
import dev.signet.common.delegation.DecisionRequest;
import dev.signet.common.error.ProblemException;
import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import dev.signet.delegation.DelegationScopes;
import dev.signet.delegation.agent.Agent;
import dev.signet.delegation.agent.AgentRepository;
import dev.signet.delegation.decision.Decider;
import dev.signet.delegation.policy.Attributes;
import dev.signet.delegation.scopes.ScopeNames;
import dev.signet.delegation.scopes.ScopeRepository;
import io.micrometer.core.instrument.MeterRegistry;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The tool registry, tool grants per agent, and the check a tool server asks before it runs a call:
 * the tool is active, the agent active and granted the tool, the token's scopes (expanded) cover
 * the tool's, the parameters satisfy its schema, and the policies allow {@code tool:invoke} on the
 * tool (the action every tool policy targets).
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ToolsResource {

  /** The decision action of a tool call; the resource is the tool's name. */
  public static final String ACTION = "tool:invoke";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ToolRepository tools;
  private final ScopeRepository scopes;
  private final Decider decider;
  private final Pool pool;
  private final SecurityIdentity identity;
  private final MeterRegistry registry;

  ToolsResource(
      ToolRepository tools,
      ScopeRepository scopes,
      Decider decider,
      Pool pool,
      SecurityIdentity identity,
      MeterRegistry registry) {
    this.tools = tools;
    this.scopes = scopes;
    this.decider = decider;
    this.pool = pool;
    this.identity = identity;
    this.registry = registry;
  }

  @GET
  @Path("/v1/tools")
  @RolesAllowed({DelegationScopes.READ, DelegationScopes.ADMIN})
  public Uni<List<Tool>> list() {
    return tools.list();
  }

  @GET
  @Path("/v1/tools/{id}")
  @RolesAllowed({DelegationScopes.READ, DelegationScopes.ADMIN})
  public Uni<Tool> get(@PathParam("id") String id) {
    UUID uuid = id(id, "tool");
    return tools
        .find(uuid)
        .map(t -> t.orElseThrow(() -> ProblemException.notFound("no tool " + uuid)));
  }

  @POST
  @Path("/v1/tools")
  @RolesAllowed(DelegationScopes.ADMIN)
  public Uni<Response> create(@NotNull @Valid ToolWrite body) {
    validate(body);
    return tools
        .put(null, body, actor())
        .map(t -> Response.status(201).entity(t).header("Location", "/v1/tools/" + t.id()).build());
  }

  @PUT
  @Path("/v1/tools/{id}")
  @RolesAllowed(DelegationScopes.ADMIN)
  public Uni<Tool> replace(@PathParam("id") String id, @NotNull @Valid ToolWrite body) {
    UUID uuid = id(id, "tool");
    validate(body);
    return tools.put(uuid, body, actor());
  }

  @GET
  @Path("/v1/agents/{agent}/tools")
  @RolesAllowed({DelegationScopes.READ, DelegationScopes.ADMIN})
  public Uni<List<Tool>> granted(@PathParam("agent") String agent) {
    return tools.granted(id(agent, "agent"));
  }

  @PUT
  @Path("/v1/agents/{agent}/tools/{tool}")
  @RolesAllowed(DelegationScopes.ADMIN)
  public Uni<Response> grant(@PathParam("agent") String agent, @PathParam("tool") String tool) {
    return tools
        .grant(id(agent, "agent"), id(tool, "tool"), actor())
        .map(ignored -> Response.noContent().build());
  }

  @DELETE
  @Path("/v1/agents/{agent}/tools/{tool}")
  @RolesAllowed(DelegationScopes.ADMIN)
  public Uni<Response> ungrant(@PathParam("agent") String agent, @PathParam("tool") String tool) {
    return tools
        .ungrant(id(agent, "agent"), id(tool, "tool"), actor())
        .map(ignored -> Response.noContent().build());
  }

  /** Whether the presented token's agent may call the tool with these parameters. */
  @POST
  @Path("/internal/v1/tools/{id}/check")
  @RolesAllowed(Scopes.INTERNAL)
  public Uni<ToolCheck.Response> check(@PathParam("id") String id, ToolCheck.Request body) {
    UUID toolId = id(id, "tool");
    checked(body);
    return tools
        .find(toolId)
        .chain(
            found -> {
              if (found.isEmpty()) {
                throw ProblemException.notFound("no tool " + toolId);
              }
              Tool tool = found.get();
              return AgentRepository.findByClientId(pool, body.subject())
                  .chain(agent -> steps(tool, agent.orElse(null), body))
                  .invoke(r -> count(tool, r));
            });
  }

  private Uni<ToolCheck.Response> steps(Tool tool, Agent agent, ToolCheck.Request body) {
    if (!tool.active()) {
      return refused("the tool is not active");
    }
    if (agent == null || !agent.active()) {
      return refused("the subject is not an active agent");
    }
    return tools
        .isGranted(agent.id(), tool.id())
        .chain(
            granted -> {
              if (!granted) {
                return refused("the agent has no grant of this tool");
              }
              return scopes
                  .graph()
                  .chain(
                      graph -> {
                        Set<String> missing = new TreeSet<>(tool.requiredScopes());
                        List<String> held = body.scopes() == null ? List.of() : body.scopes();
                        missing.removeAll(graph.expand(held));
                        if (!missing.isEmpty()) {
                          return Uni.createFrom()
                              .item(
                                  new ToolCheck.Response(
                                      false,
                                      "the token lacks scopes: " + String.join(", ", missing),
                                      List.copyOf(missing),
                                      List.of(),
                                      List.of()));
                        }
                        var params =
                            body.parameters() == null ? JSON.createObjectNode() : body.parameters();
                        List<String> errors =
                            ParameterSchemas.violations(tool.parameters(), params);
                        if (!errors.isEmpty()) {
                          return Uni.createFrom()
                              .item(
                                  new ToolCheck.Response(
                                      false,
                                      "the parameters do not match the tool's schema",
                                      List.of(),
                                      errors,
                                      List.of()));
                        }
                        return decide(tool, agent, params, body);
                      });
            });
  }

  private Uni<ToolCheck.Response> decide(
      Tool tool,
      Agent agent,
      com.fasterxml.jackson.databind.JsonNode params,
      ToolCheck.Request body) {
    Map<String, Object> context = new HashMap<>(body.context() == null ? Map.of() : body.context());
    @SuppressWarnings("unchecked")
    Map<String, Object> asMap = params.isObject() ? JSON.convertValue(params, Map.class) : Map.of();
    context.put("parameters", asMap);
    Map<String, Object> subject = new HashMap<>();
    subject.put("agent_id", agent.id().toString());
    subject.put("owner", agent.owner());
    subject.put("capabilities", agent.capabilities());
    subject.put("reputation", agent.reputation());
    Map<String, Object> resource = new HashMap<>();
    if (tool.category() != null) {
      resource.put("category", tool.category());
    }
    return decider
        .decide(
            new DecisionRequest(agent.clientId(), subject, ACTION, tool.name(), resource, context))
        .map(
            d ->
                new ToolCheck.Response(
                    d.allowed(), d.reason(), List.of(), List.of(), d.policyIds()));
  }

  private void count(Tool tool, ToolCheck.Response r) {
    registry
        .counter(
            "signet.delegation.tool.checks",
            "tool",
            tool.name(),
            "outcome",
            r.allowed() ? "allow" : "deny")
        .increment();
  }

  private static Uni<ToolCheck.Response> refused(String reason) {
    return Uni.createFrom().item(ToolCheck.Response.refused(reason));
  }

  private static void checked(ToolCheck.Request r) {
    if (r == null) {
      throw new InvalidInputException("body", "must not be null");
    }
    if (r.subject() == null || r.subject().isEmpty()) {
      throw new InvalidInputException("subject", "is required");
    }
    CleanText.require("subject", r.subject(), 255);
    if (r.scopes() != null) {
      if (r.scopes().size() > 100) {
        throw new InvalidInputException("scopes", "must hold at most 100 scopes");
      }
      r.scopes().forEach(s -> ScopeNames.require(s, "scopes"));
    }
    Attributes.check("context", r.context());
  }

  static void validate(ToolWrite w) {
    w.scopesOrEmpty().forEach(s -> ScopeNames.require(s, "required_scopes"));
    if (w.parameters().toString().length() > 16_384) {
      throw ProblemException.badRequest("parameters must be at most 16 KiB of JSON");
    }
    ParameterSchemas.requireValid(w.parameters());
  }

  static UUID id(String raw, String what) {
    try {
      if (raw != null && raw.length() == 36) {
        return UUID.fromString(raw);
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw ProblemException.notFound("no " + what + " with that id");
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }
}
