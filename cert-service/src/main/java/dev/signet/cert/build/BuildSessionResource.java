package dev.signet.cert.build;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.cert.CertConfig;
import dev.signet.cert.issue.SignResource;
import dev.signet.cert.server.ServerPolicyResource;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.auth.TokenIdentity;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import dev.signet.common.input.Clean;
import dev.signet.common.tokens.SignetClaims;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Build sessions: a CI job opens one (at most {@code signet.cert.build.max-active-per-owner} open
 * at once per job identity, each ending by {@code session-ttl} and never after the job token), and
 * its client certificates can name it, which ties them to one build in records and audit.
 */
@Path("/v1/build/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class BuildSessionResource {

  /** Body of an open. Repository defaults to the job token's provenance. */
  public record OpenRequest(
      @Size(max = 255) @Clean String repository,
      @Size(max = 255) @Clean String workflow,
      @JsonProperty("run_id") @Size(max = 100) @Clean String runId,
      @JsonProperty("ttl_seconds") @Positive @Max(86_400) Long ttlSeconds) {}

  /** A session as the API shows it. */
  public record SessionView(
      String id,
      String repository,
      String workflow,
      @JsonProperty("run_id") String runId,
      String owner,
      String status,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("expires_at") Instant expiresAt) {
    static SessionView of(BuildSessions.Session s, Instant now) {
      String status = "open".equals(s.status()) && !s.activeAt(now) ? "expired" : s.status();
      return new SessionView(
          s.id().toString(),
          s.repository(),
          s.workflow(),
          s.runId(),
          s.subject(),
          status,
          s.createdAt(),
          s.expiresAt());
    }
  }

  private final BuildSessions sessions;
  private final CertConfig config;
  private final Pool pool;
  private final AuditRecorder audit;
  private final Clock clock;
  private final SecurityIdentity identity;

  BuildSessionResource(
      BuildSessions sessions,
      CertConfig config,
      Pool pool,
      AuditRecorder audit,
      Clock clock,
      SecurityIdentity identity) {
    this.sessions = sessions;
    this.config = config;
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
    this.identity = identity;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(SignResource.SCOPE_CLIENT)
  public Uni<Response> open(@Valid OpenRequest body) {
    VerifiedToken token = ciJob();
    OpenRequest request = body == null ? new OpenRequest(null, null, null, null) : body;
    String repository = repository(token, request.repository());
    Instant now = clock.instant();
    Duration ttl = config.build().sessionTtl();
    if (request.ttlSeconds() != null
        && Duration.ofSeconds(request.ttlSeconds()).compareTo(ttl) < 0) {
      ttl = Duration.ofSeconds(request.ttlSeconds());
    }
    Instant expires = now.plus(ttl);
    Instant tokenExpiry = expiry(token);
    if (tokenExpiry.isBefore(expires)) {
      expires = tokenExpiry;
    }
    BuildSessions.Session session =
        new BuildSessions.Session(
            UUID.randomUUID(),
            repository,
            request.workflow(),
            request.runId(),
            token.subject(),
            "open",
            now,
            expires);
    int max = config.build().maxActivePerOwner();
    return pool.withTransaction(
            tx ->
                sessions
                    .lockAndCountActive(tx, token.subject(), now)
                    .chain(
                        active -> {
                          if (active >= max) {
                            throw new ProblemException(
                                Problem.of(
                                    409,
                                    "too-many-build-sessions",
                                    "Too many build sessions",
                                    "at most "
                                        + max
                                        + " build sessions may be open at once; close one"));
                          }
                          return sessions.insert(tx, session);
                        })
                    .chain(
                        () ->
                            audit.record(
                                tx,
                                AuditEvent.builder("certificate.build_session.opened")
                                    .actor(token.subject())
                                    .subject(token.subject())
                                    .target(session.id().toString())
                                    .attribute("repository", repository)
                                    .attribute("expires_at", session.expiresAt().toString()))))
        .map(ignored -> Response.status(201).entity(SessionView.of(session, now)).build());
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({
    SignResource.SCOPE_CLIENT,
    ServerPolicyResource.SCOPE_READ,
    ServerPolicyResource.SCOPE_ADMIN
  })
  public Uni<SessionView> get(@PathParam("id") String id) {
    UUID uuid = uuid(id);
    String caller = identity.getPrincipal().getName();
    boolean reader =
        identity.hasRole(ServerPolicyResource.SCOPE_READ)
            || identity.hasRole(ServerPolicyResource.SCOPE_ADMIN);
    return sessions
        .find(uuid)
        .map(
            s -> {
              if (s == null || (!reader && !s.subject().equals(caller))) {
                throw ProblemException.notFound("no build session " + uuid);
              }
              return SessionView.of(s, clock.instant());
            });
  }

  /** The owner closes its session; certificates can no longer name it. */
  @DELETE
  @Path("/{id}")
  @RolesAllowed(SignResource.SCOPE_CLIENT)
  public Uni<Response> close(@PathParam("id") String id) {
    UUID uuid = uuid(id);
    String caller = identity.getPrincipal().getName();
    return pool.withTransaction(
            tx ->
                sessions
                    .close(tx, uuid, caller)
                    .call(
                        closed ->
                            closed
                                ? audit.record(
                                    tx,
                                    AuditEvent.builder("certificate.build_session.closed")
                                        .actor(caller)
                                        .target(uuid.toString()))
                                : Uni.createFrom().voidItem()))
        .map(
            closed -> {
              if (!closed) {
                throw ProblemException.notFound("no open build session " + uuid + " of yours");
              }
              return Response.noContent().build();
            });
  }

  private VerifiedToken ciJob() {
    VerifiedToken token = TokenIdentity.token(identity);
    if (token == null || token.subject() == null) {
      throw ProblemException.unauthorized("a bearer token with a subject is required");
    }
    Object type = token.claims().getClaimValue(SignetClaims.PRINCIPAL_TYPE);
    if (type == null || !SignetClaims.PRINCIPAL_CI_JOB.equals(type.toString())) {
      throw ProblemException.forbidden("only CI job tokens open build sessions");
    }
    return token;
  }

  /** The job's repository from its provenance; a body that names another one is refused. */
  private static String repository(VerifiedToken token, String asked) {
    Object prov = token.claims().getClaimValue(SignetClaims.PROVENANCE);
    Object fromToken = prov instanceof Map<?, ?> map ? map.get("repository") : null;
    if (fromToken != null && asked != null && !asked.equals(fromToken.toString())) {
      throw ProblemException.forbidden("the repository differs from the job token's provenance");
    }
    String repository = asked != null ? asked : fromToken == null ? null : fromToken.toString();
    if (repository == null || repository.isBlank() || repository.length() > 255) {
      throw ProblemException.badRequest("repository is required (the token names none)");
    }
    return repository;
  }

  public static UUID uuid(String raw) {
    try {
      if (raw == null || raw.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("a build session id is a UUID");
    }
  }

  private static Instant expiry(VerifiedToken token) {
    try {
      return Instant.ofEpochMilli(token.claims().getExpirationTime().getValueInMillis());
    } catch (MalformedClaimException | NullPointerException e) {
      throw ProblemException.unauthorized("the token has no usable expiry");
    }
  }
}
