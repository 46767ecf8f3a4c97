package dev.signet.cert.issue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.cert.CertConfig;
import dev.signet.cert.build.BuildSessionResource;
import dev.signet.cert.build.BuildSessions;
import dev.signet.cert.csr.ClientCsrRules;
import dev.signet.cert.csr.CsrParser;
import dev.signet.cert.csr.ParsedCsr;
import dev.signet.cert.local.LocalCa;
import dev.signet.cert.policy.TtlClamp;
import dev.signet.cert.quota.IssuanceQuota;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.auth.TokenIdentity;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.common.error.ProblemException;
import dev.signet.common.tokens.SignetClaims;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Client certificates for the caller behind the bearer token (scope {@code
 * certificate:sign:client}): subject and the single {@code spiffe://} URI SAN come from the token,
 * never from the CSR; the lifetime is clamped by principal type and the clamp is reported.
 */
@Path("/v1/certificates")
@Produces(MediaType.APPLICATION_JSON)
public class SignResource {

  public static final String SCOPE_CLIENT = "certificate:sign:client";
  static final String EVENT_ISSUED = "certificate.issued";

  /** A SPIFFE path segment's characters (SPIFFE ID spec 2.2); the CN is capped at 64. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Body of a signing request. */
  public record SignRequest(
      @NotBlank @Size(max = CsrParser.MAX_PEM_BYTES) String csr,
      @JsonProperty("ttl_seconds") @Positive @Max(31_536_000) Long ttlSeconds,
      @JsonProperty("build_session_id") @Size(max = 36) String buildSessionId) {}

  /** A signed certificate; {@code ttl_clamped_by} says why the lifetime is shorter than asked. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SignedCertificate(
      @JsonProperty("serial_number") String serialNumber,
      @JsonProperty("certificate_pem") String certificatePem,
      @JsonProperty("ca_certificate_pem") String caCertificatePem,
      @JsonProperty("spiffe_id") String spiffeId,
      @JsonProperty("not_before") Instant notBefore,
      @JsonProperty("not_after") Instant notAfter,
      @JsonProperty("ttl_seconds") long ttlSeconds,
      @JsonProperty("ttl_clamped_by") String ttlClampedBy,
      @JsonProperty("build_session_id") String buildSessionId) {}

  private final CertificateIssuer issuer;
  private final TtlClamp clamp;
  private final CertConfig config;
  private final Pool pool;
  private final AuditRecorder audit;
  private final Clock clock;
  private final Counter issued;
  private final SecurityIdentity identity;
  private final IssueErrors errors;
  private final IssuanceQuota quota;
  private final BuildSessions sessions;

  SignResource(
      CertificateIssuer issuer,
      IssuanceQuota quota,
      BuildSessions sessions,
      CertConfig config,
      Pool pool,
      AuditRecorder audit,
      Clock clock,
      MeterRegistry registry,
      SecurityIdentity identity,
      IssueErrors errors) {
    this.errors = errors;
    this.identity = identity;
    this.quota = quota;
    this.sessions = sessions;
    this.issuer = issuer;
    this.clamp = new TtlClamp(config.ttl());
    this.config = config;
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
    this.issued =
        Counter.builder("cert_issued_total")
            .description("Certificates issued")
            .tag("kind", "client")
            .register(registry);
  }

  /** Signs a client certificate for the caller; the CSR only contributes its public key. */
  @POST
  @Path("/sign")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(SCOPE_CLIENT)
  @Blocking
  public Uni<SignedCertificate> sign(@Valid @NotNull SignRequest request) {
    return errors.counted(() -> signCounted(request));
  }

  private Uni<SignedCertificate> signCounted(SignRequest request) {
    VerifiedToken token = TokenIdentity.token(identity);
    if (token == null || token.subject() == null) {
      throw ProblemException.unauthorized("a bearer token with a subject is required");
    }
    ParsedCsr csr = ClientCsrRules.check(CsrParser.parse(request.csr()));
    String principalType = principalType(token);
    String subject = token.subject();
    if (!SEGMENT.matcher(subject).matches() || subject.equals(".") || subject.equals("..")) {
      throw ProblemException.unprocessable(
          "the token's subject cannot be written as a SPIFFE ID path segment"
              + " (letters, digits, '.', '_', '-'; at most 64)");
    }
    String spiffeId = "spiffe://" + config.trustDomain() + "/" + principalType + "/" + subject;
    Instant now = clock.instant();
    TtlClamp.Granted granted =
        clamp.client(
            token.claims().hasClaim(SignetClaims.PRINCIPAL_TYPE) ? principalType : null,
            Optional.ofNullable(request.ttlSeconds()).map(Duration::ofSeconds),
            expiry(token),
            now);
    UUID sessionId =
        request.buildSessionId() == null
            ? null
            : BuildSessionResource.uuid(request.buildSessionId());
    if (sessionId != null && !SignetClaims.PRINCIPAL_CI_JOB.equals(principalType)) {
      throw ProblemException.forbidden("only CI job certificates name a build session");
    }
    return session(sessionId, subject, now, granted)
        .call(() -> quota.take(subject))
        .chain(
            g ->
                issuer
                    .signClient(
                        new CertificateIssuer.ClientLeaf(
                            csr, principalType, subject, spiffeId, now, now.plus(g.ttl())))
                    .chain(leaf -> record(leaf, token, principalType, spiffeId, g, csr, sessionId)))
        .invoke(() -> issued.increment());
  }

  /**
   * The grant once the build session is checked: it must be the caller's, open and unexpired, and
   * the certificate ends no later than the session.
   */
  private Uni<TtlClamp.Granted> session(
      UUID sessionId, String subject, Instant now, TtlClamp.Granted granted) {
    if (sessionId == null) {
      return Uni.createFrom().item(granted);
    }
    return sessions
        .find(sessionId)
        .map(
            s -> {
              if (s == null || !s.subject().equals(subject)) {
                throw ProblemException.notFound("no build session " + sessionId + " of yours");
              }
              if (!s.activeAt(now)) {
                throw ProblemException.conflict("build session " + sessionId + " is not open");
              }
              Duration left = Duration.between(now, s.expiresAt());
              return left.compareTo(granted.ttl()) < 0
                  ? new TtlClamp.Granted(
                      left, Optional.of("CI certificates end when their build session expires"))
                  : granted;
            });
  }

  private Uni<SignedCertificate> record(
      CertificateIssuer.Issued leaf,
      VerifiedToken token,
      String principalType,
      String spiffeId,
      TtlClamp.Granted granted,
      ParsedCsr csr,
      UUID sessionId) {
    X509Certificate cert = leaf.certificate();
    String serial = LocalCa.serialText(cert);
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    Map<String, Object> provenance = provenance(token);
    AuditEvent.Builder event =
        AuditEvent.builder(EVENT_ISSUED)
            .actor(token.subject())
            .subject(token.subject())
            .target(serial)
            .attribute("issuer", issuer.kind())
            .attribute("ca_arn", leaf.caArn())
            .attribute("template_arn", leaf.templateArn())
            .attribute("kind", "client")
            .attribute("serial", serial)
            .attribute("sans", java.util.List.of(spiffeId))
            .attribute("principal_type", principalType)
            .attribute("key", csr.keyDescription())
            .attribute("ttl_seconds", granted.ttl().toSeconds());
    granted.clampedBy().ifPresent(reason -> event.attribute("ttl_clamped_by", reason));
    if (provenance != null) {
      event.attribute("provenance", provenance);
    }
    if (sessionId != null) {
      event.attribute("build_session_id", sessionId.toString());
    }
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "INSERT INTO certificates (serial_number, subject_dn, sans, issuer_kind,"
                            + " certificate_pem, not_before, not_after, requested_by,"
                            + " build_session_id, ca_arn, template_arn, certificate_arn)"
                            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
                    .execute(
                        Tuple.from(
                            new Object[] {
                              serial,
                              cert.getSubjectX500Principal().getName(),
                              new String[] {spiffeId},
                              issuer.kind(),
                              LocalCa.pem(cert),
                              notBefore.atOffset(ZoneOffset.UTC),
                              notAfter.atOffset(ZoneOffset.UTC),
                              token.subject(),
                              sessionId,
                              leaf.caArn(),
                              leaf.templateArn(),
                              leaf.certificateArn()
                            }))
                    .chain(() -> audit.record(tx, event)))
        .replaceWith(
            new SignedCertificate(
                serial,
                LocalCa.pem(cert),
                leaf.caCertificatePem(),
                spiffeId,
                notBefore,
                notAfter,
                Duration.between(notBefore, notAfter).toSeconds(),
                granted.clampedBy().orElse(null),
                sessionId == null ? null : sessionId.toString()));
  }

  private static String principalType(VerifiedToken token) {
    Object type = token.claims().getClaimValue(SignetClaims.PRINCIPAL_TYPE);
    if (type == null) {
      return SignetClaims.PRINCIPAL_SERVICE_ACCOUNT;
    }
    String text = type.toString();
    return switch (text) {
      case SignetClaims.PRINCIPAL_SERVICE_ACCOUNT,
          SignetClaims.PRINCIPAL_USER,
          SignetClaims.PRINCIPAL_CI_JOB,
          SignetClaims.PRINCIPAL_WORKLOAD ->
          text;
      default -> throw ProblemException.forbidden("unknown principal_type in the token");
    };
  }

  private static Instant expiry(VerifiedToken token) {
    try {
      return Instant.ofEpochMilli(token.claims().getExpirationTime().getValueInMillis());
    } catch (MalformedClaimException | NullPointerException e) {
      throw ProblemException.unauthorized("the token has no usable expiry");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> provenance(VerifiedToken token) {
    Object prov = token.claims().getClaimValue(SignetClaims.PROVENANCE);
    return prov instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : null;
  }
}
