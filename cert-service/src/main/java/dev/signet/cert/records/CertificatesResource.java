package dev.signet.cert.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.cert.CertConfig;
import dev.signet.cert.pca.PcaIssuer;
import dev.signet.cert.server.ServerPolicyResource;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.error.ProblemException;
import dev.signet.common.input.CleanText;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The certificate records: list with filters and cursor paging, one with its PEM (scope {@code
 * signet:certificates:read} or {@code :admin}), and revocation with an RFC 5280 reason ({@code
 * :admin}, audited); a revoked LOCAL certificate appears in its CA's CRL from the next fetch.
 */
@Path("/v1/certificates")
@Produces(MediaType.APPLICATION_JSON)
public class CertificatesResource {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{1,40}");
  private static final Set<String> STATUSES = Set.of("issued", "revoked");
  private static final Set<String> KINDS = Set.of("client", "server");
  private static final Set<String> ISSUERS = Set.of("LOCAL", "AWS_PCA");

  /** A page of records. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Listing(
      List<CertificateRecord> items, @JsonProperty("next_cursor") String nextCursor) {}

  /** Body of a revocation. */
  public record Revocation(@NotNull String reason) {}

  private final CertificateRecords records;
  private final Pool pool;
  private final AuditRecorder audit;
  private final Clock clock;
  private final SecurityIdentity identity;
  private final CertConfig config;
  private final Instance<PcaIssuer> pca;

  CertificatesResource(
      CertificateRecords records,
      Pool pool,
      AuditRecorder audit,
      Clock clock,
      SecurityIdentity identity,
      CertConfig config,
      Instance<PcaIssuer> pca) {
    this.config = config;
    this.pca = pca;
    this.records = records;
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
    this.identity = identity;
  }

  @GET
  @RolesAllowed({ServerPolicyResource.SCOPE_READ, ServerPolicyResource.SCOPE_ADMIN})
  public Uni<Listing> list(
      @QueryParam("requested_by") String requestedBy,
      @QueryParam("status") String status,
      @QueryParam("kind") String kind,
      @QueryParam("issuer") String issuer,
      @QueryParam("build_session") String buildSession,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    CertificateRecords.Filter filter =
        new CertificateRecords.Filter(
            requestedBy(requestedBy),
            oneOf("status", status, STATUSES),
            oneOf("kind", kind, KINDS),
            oneOf("issuer", issuer, ISSUERS),
            uuid(buildSession));
    return records
        .list(filter, Cursor.decode(cursor), limit(limit))
        .map(page -> new Listing(page.items(), page.next() == null ? null : page.next().encode()));
  }

  @GET
  @Path("/{serial}")
  @RolesAllowed({ServerPolicyResource.SCOPE_READ, ServerPolicyResource.SCOPE_ADMIN})
  public Uni<CertificateRecord> get(@PathParam("serial") String serial) {
    String s = serial(serial);
    return records.find(s).map(found -> require(found, s));
  }

  /**
   * Revokes an issued certificate; 409 when it is already revoked. A PCA certificate is revoked at
   * PCA inside the transaction that marks the record, so a PCA failure (502) leaves the record as
   * it was and the revocation can simply be asked again.
   */
  @POST
  @Path("/{serial}/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(ServerPolicyResource.SCOPE_ADMIN)
  public Uni<CertificateRecord> revoke(
      @PathParam("serial") String serial, @NotNull Revocation body) {
    String s = serial(serial);
    RevocationReason reason =
        RevocationReason.of(body.reason())
            .orElseThrow(
                () ->
                    ProblemException.badRequest(
                        "reason is one of unspecified, key_compromise, ca_compromise,"
                            + " affiliation_changed, superseded, cessation_of_operation,"
                            + " privilege_withdrawn"));
    String actor = identity.getPrincipal().getName();
    Instant now = clock.instant();
    return records
        .find(s)
        .map(found -> require(found, s))
        .chain(
            found ->
                pool.withTransaction(
                    tx ->
                        records
                            .revoke(tx, s, reason, now)
                            .call(
                                revoked -> {
                                  if (!revoked) {
                                    throw ProblemException.conflict(
                                        "certificate " + s + " is already revoked");
                                  }
                                  return atCa(found, reason);
                                })
                            .call(
                                () ->
                                    audit.record(
                                        tx,
                                        AuditEvent.builder("certificate.revoked")
                                            .actor(actor)
                                            .subject(found.requestedBy())
                                            .target(s)
                                            .attribute("serial", s)
                                            .attribute("issuer", found.issuer())
                                            .attribute("kind", found.kind())
                                            .attribute("ca_arn", found.caArn())
                                            .attribute("template_arn", found.templateArn())
                                            .attribute("reason", reason.wire())))))
        .chain(() -> records.find(s));
  }

  /** LOCAL certificates need nothing more (their CRL is built from the table); PCA's do. */
  private Uni<Void> atCa(CertificateRecord found, RevocationReason reason) {
    if (!"AWS_PCA".equals(found.issuer())) {
      return Uni.createFrom().voidItem();
    }
    if (config.issuer() != CertConfig.CertificateIssuer.AWS_PCA || found.caArn() == null) {
      throw ProblemException.unavailable(
          "certificate "
              + found.serialNumber()
              + " was issued by AWS Private CA, which this"
              + " service is not configured for (signet.cert.issuer)");
    }
    return pca.get().revoke(found.caArn(), found.serialNumber(), reason.pca());
  }

  private static CertificateRecord require(CertificateRecord found, String serial) {
    if (found == null) {
      throw ProblemException.notFound("no certificate " + serial);
    }
    return found;
  }

  static String serial(String raw) {
    if (raw == null || !SERIAL.matcher(raw).matches()) {
      throw ProblemException.badRequest("a serial number is 1 to 40 lower-case hex digits");
    }
    return raw;
  }

  private static String requestedBy(String raw) {
    if (raw == null) {
      return null;
    }
    if (raw.isEmpty() || raw.length() > 255 || CleanText.hasControl(raw)) {
      throw ProblemException.badRequest("requested_by is 1 to 255 characters, no controls");
    }
    return raw;
  }

  private static String oneOf(String name, String raw, Set<String> allowed) {
    if (raw == null) {
      return null;
    }
    if (!allowed.contains(raw)) {
      throw ProblemException.badRequest(name + " is one of " + allowed);
    }
    return raw;
  }

  private static UUID uuid(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      if (raw.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("build_session is a UUID");
    }
  }

  private static int limit(String raw) {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProblemException.badRequest("limit is 1 to " + MAX_LIMIT);
  }
}
