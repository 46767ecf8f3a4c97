package dev.signet.cert.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.cert.csr.CsrRejected;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import dev.signet.common.http.IpRange;
import dev.signet.common.input.Clean;
import dev.signet.common.input.CleanText;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which service accounts may obtain server certificates and for which names. Reads need {@code
 * signet:certificates:read} or {@code :admin}; writes need {@code :admin} and are audited. Patterns
 * are stored as A-labels, so what an admin reads back is what matching compares.
 */
@Path("/v1/server-certificate-policies")
@Produces(MediaType.APPLICATION_JSON)
public class ServerPolicyResource {

  public static final String SCOPE_ADMIN = "signet:certificates:admin";
  public static final String SCOPE_READ = "signet:certificates:read";
  static final int MAX_ITEMS = 100;

  /** Account names as token subjects of service accounts are written. */
  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._:@-]{1,255}");

  /** Body of a PUT. */
  public record PolicyWrite(
      @JsonProperty("dns_patterns") @Size(max = MAX_ITEMS) List<@NotNull @Clean String> dnsPatterns,
      @JsonProperty("ip_cidrs") @Size(max = MAX_ITEMS) List<@NotNull @Clean String> ipCidrs,
      @JsonProperty("allow_wildcards") Boolean allowWildcards) {}

  /** A policy as the API shows it. */
  public record PolicyView(
      String account,
      @JsonProperty("dns_patterns") List<String> dnsPatterns,
      @JsonProperty("ip_cidrs") List<String> ipCidrs,
      @JsonProperty("allow_wildcards") boolean allowWildcards) {
    static PolicyView of(ServerPolicy policy) {
      return new PolicyView(
          policy.account(),
          policy.dnsPatterns().stream().map(DnsName::text).toList(),
          policy.ipCidrs(),
          policy.allowWildcards());
    }
  }

  private final ServerPolicies policies;
  private final Pool pool;
  private final AuditRecorder audit;
  private final SecurityIdentity identity;

  ServerPolicyResource(
      ServerPolicies policies, Pool pool, AuditRecorder audit, SecurityIdentity identity) {
    this.policies = policies;
    this.pool = pool;
    this.audit = audit;
    this.identity = identity;
  }

  @GET
  @RolesAllowed({SCOPE_READ, SCOPE_ADMIN})
  public Uni<List<PolicyView>> list() {
    return policies.all().map(all -> all.stream().map(PolicyView::of).toList());
  }

  @GET
  @Path("/{account}")
  @RolesAllowed({SCOPE_READ, SCOPE_ADMIN})
  public Uni<PolicyView> get(@PathParam("account") String account) {
    String a = account(account);
    return policies
        .find(a)
        .map(
            found -> {
              if (found == null) {
                throw ProblemException.notFound("no server-certificate policy for " + a);
              }
              return PolicyView.of(found);
            });
  }

  /** Creates (201) or replaces (200) an account's policy; every pattern and CIDR is checked. */
  @PUT
  @Path("/{account}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(SCOPE_ADMIN)
  public Uni<Response> put(@PathParam("account") String account, @NotNull @Valid PolicyWrite body) {
    ServerPolicy policy = policy(account(account), body);
    String actor = actor();
    return pool.withTransaction(
            tx ->
                policies
                    .upsert(tx, policy, actor)
                    .call(
                        created ->
                            audit.record(
                                tx,
                                AuditEvent.builder("certificate.server_policy.updated")
                                    .actor(actor)
                                    .target(policy.account())
                                    .attribute("created", created)
                                    .attribute(
                                        "dns_patterns",
                                        policy.dnsPatterns().stream().map(DnsName::text).toList())
                                    .attribute("ip_cidrs", policy.ipCidrs())
                                    .attribute("allow_wildcards", policy.allowWildcards()))))
        .map(created -> Response.status(created ? 201 : 200).entity(PolicyView.of(policy)).build());
  }

  @DELETE
  @Path("/{account}")
  @RolesAllowed(SCOPE_ADMIN)
  public Uni<Response> delete(@PathParam("account") String account) {
    String a = account(account);
    String actor = actor();
    return pool.withTransaction(
            tx ->
                policies
                    .delete(tx, a)
                    .call(
                        deleted ->
                            deleted
                                ? audit.record(
                                    tx,
                                    AuditEvent.builder("certificate.server_policy.deleted")
                                        .actor(actor)
                                        .target(a))
                                : Uni.createFrom().voidItem()))
        .map(
            deleted -> {
              if (!deleted) {
                throw ProblemException.notFound("no server-certificate policy for " + a);
              }
              return Response.noContent().build();
            });
  }

  static ServerPolicy policy(String account, PolicyWrite body) {
    List<Problem.FieldError> errors = new ArrayList<>();
    List<DnsName> patterns = new ArrayList<>();
    List<String> raw = body.dnsPatterns() == null ? List.of() : body.dnsPatterns();
    for (int i = 0; i < raw.size(); i++) {
      try {
        patterns.add(DnsName.parse(raw.get(i)));
      } catch (CsrRejected e) {
        errors.add(new Problem.FieldError("dns_patterns[" + i + "]", e.problem().detail()));
      }
    }
    List<IpRange> ranges = new ArrayList<>();
    List<String> cidrs = new ArrayList<>();
    List<String> rawCidrs = body.ipCidrs() == null ? List.of() : body.ipCidrs();
    for (int i = 0; i < rawCidrs.size(); i++) {
      String text = rawCidrs.get(i).trim();
      var range = IpRange.parse(text);
      if (range.isEmpty() || !text.contains("/")) {
        errors.add(
            new Problem.FieldError(
                "ip_cidrs[" + i + "]",
                "'" + CleanText.forRecord(text, 64) + "' is not a CIDR (e.g. 10.1.0.0/16)"));
      } else {
        ranges.add(range.get());
        cidrs.add(text);
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.validation("the policy has invalid entries", errors);
    }
    if (patterns.isEmpty() && cidrs.isEmpty()) {
      throw ProblemException.badRequest("a policy names at least one DNS pattern or CIDR");
    }
    return new ServerPolicy(
        account,
        List.copyOf(new LinkedHashSet<>(patterns)),
        ranges,
        cidrs,
        Boolean.TRUE.equals(body.allowWildcards()));
  }

  static String account(String raw) {
    if (raw == null || !ACCOUNT.matcher(raw).matches()) {
      throw ProblemException.badRequest(
          "an account is 1 to 255 letters, digits and '._:@-' characters");
    }
    return raw;
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }
}
