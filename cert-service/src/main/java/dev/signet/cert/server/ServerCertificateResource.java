package dev.signet.cert.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.cert.CertConfig;
import dev.signet.cert.csr.CsrParser;
import dev.signet.cert.csr.CsrRejected;
import dev.signet.cert.csr.CsrRule;
import dev.signet.cert.csr.ParsedCsr;
import dev.signet.cert.issue.CertificateIssuer;
import dev.signet.cert.issue.IssueErrors;
import dev.signet.cert.local.LocalCa;
import dev.signet.cert.policy.TtlClamp;
import dev.signet.cert.quota.IssuanceQuota;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.auth.TokenIdentity;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import dev.signet.common.http.IpRange;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * Server certificates for service accounts that have a server-certificate policy (scope {@code
 * certificate:sign:server}). The names come from the CSR, but each one is IDNA-normalised and
 * spoof-checked ({@link DnsName}), matched against the account's policy ({@link ServerPolicy}) and
 * checked against the issuing CA's name constraints ({@link NameConstraintCheck}) before the CA
 * sees it. Every refusal is a problem+json whose type names the rule.
 */
@Path("/v1/server-certificates")
@Produces(MediaType.APPLICATION_JSON)
public class ServerCertificateResource {

  public static final String SCOPE_SERVER = "certificate:sign:server";
  static final String EVENT_ISSUED = "certificate.issued";
  static final int MAX_NAMES = 100;

  /** Body of a server certificate request. */
  public record ServerRequest(
      @NotBlank @Size(max = CsrParser.MAX_PEM_BYTES) String csr,
      @JsonProperty("ttl_seconds") @Positive @Max(31_536_000) Long ttlSeconds) {}

  /** A signed server certificate. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServerCertificate(
      @JsonProperty("serial_number") String serialNumber,
      @JsonProperty("certificate_pem") String certificatePem,
      @JsonProperty("ca_certificate_pem") String caCertificatePem,
      @JsonProperty("dns_names") List<String> dnsNames,
      @JsonProperty("ip_addresses") List<String> ipAddresses,
      @JsonProperty("not_before") Instant notBefore,
      @JsonProperty("not_after") Instant notAfter,
      @JsonProperty("ttl_seconds") long ttlSeconds,
      @JsonProperty("ttl_clamped_by") String ttlClampedBy) {}

  /** The names of a request after format checks, in the order they go into the certificate. */
  record Names(List<DnsName> dns, List<String> ips) {
    List<String> texts() {
      List<String> all = new ArrayList<>(dns.stream().map(DnsName::text).toList());
      all.addAll(ips);
      return all;
    }

    List<GeneralName> generalNames() {
      List<GeneralName> all = new ArrayList<>();
      dns.forEach(d -> all.add(new GeneralName(GeneralName.dNSName, d.text())));
      ips.forEach(ip -> all.add(new GeneralName(GeneralName.iPAddress, ip)));
      return all;
    }
  }

  private final CertificateIssuer issuer;
  private final TtlClamp clamp;
  private final CertConfig config;
  private final ServerPolicies policies;
  private final Pool pool;
  private final AuditRecorder audit;
  private final Clock clock;
  private final Counter issued;
  private final SecurityIdentity identity;
  private final IssueErrors errors;
  private final IssuanceQuota quota;

  ServerCertificateResource(
      CertificateIssuer issuer,
      IssuanceQuota quota,
      CertConfig config,
      ServerPolicies policies,
      Pool pool,
      AuditRecorder audit,
      Clock clock,
      MeterRegistry registry,
      SecurityIdentity identity,
      IssueErrors errors) {
    this.errors = errors;
    this.issuer = issuer;
    this.quota = quota;
    this.clamp = new TtlClamp(config.ttl());
    this.config = config;
    this.policies = policies;
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
    this.identity = identity;
    this.issued =
        Counter.builder("cert_issued_total")
            .description("Certificates issued")
            .tag("kind", "server")
            .register(registry);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(SCOPE_SERVER)
  @Blocking
  public Uni<ServerCertificate> issue(@Valid @NotNull ServerRequest request) {
    return errors.counted(() -> issueCounted(request));
  }

  private Uni<ServerCertificate> issueCounted(ServerRequest request) {
    VerifiedToken token = TokenIdentity.token(identity);
    if (token == null || token.subject() == null) {
      throw ProblemException.unauthorized("a bearer token with a subject is required");
    }
    Object type = token.claims().getClaimValue(SignetClaims.PRINCIPAL_TYPE);
    if (type != null && !SignetClaims.PRINCIPAL_SERVICE_ACCOUNT.equals(type.toString())) {
      throw notAllowed("only service accounts obtain server certificates");
    }
    ParsedCsr csr = CsrParser.parse(request.csr());
    Names names = names(csr);
    TtlClamp.Granted granted =
        clamp.server(Optional.ofNullable(request.ttlSeconds()).map(Duration::ofSeconds));
    String account = token.subject();
    return policies
        .find(account)
        .chain(
            policy -> {
              if (policy == null) {
                throw notAllowed("this account has no server-certificate policy");
              }
              names.dns().forEach(policy::checkDns);
              names.ips().forEach(policy::checkIp);
              return quota.take(account).chain(issuer::serverCaCertificate);
            })
        .chain(
            caCert -> {
              NameConstraintCheck.check(caCert, names.generalNames(), names.texts());
              Instant now = clock.instant();
              return issuer.signServer(
                  new CertificateIssuer.ServerLeaf(
                      csr,
                      commonName(names),
                      names.dns().stream().map(DnsName::text).toList(),
                      names.ips(),
                      now,
                      now.plus(granted.ttl())));
            })
        .chain(leaf -> record(leaf, token, names, granted, csr))
        .invoke(() -> issued.increment());
  }

  /** Format checks that need no policy: kinds of names, IDNA, UTS #39, wildcard position. */
  static Names names(ParsedCsr csr) {
    if (!csr.otherNames().isEmpty()) {
      throw new CsrRejected(
          CsrRule.SERVER_SAN, "server certificates carry only DNS names and IP addresses");
    }
    if (csr.dnsNames().isEmpty() && csr.ipAddresses().isEmpty()) {
      throw new CsrRejected(CsrRule.NO_NAMES, "the CSR asks for no DNS name or IP address");
    }
    if (csr.dnsNames().size() + csr.ipAddresses().size() > MAX_NAMES) {
      throw new CsrRejected(
          CsrRule.SERVER_SAN, "a server certificate carries at most " + MAX_NAMES + " names");
    }
    LinkedHashSet<DnsName> dns = new LinkedHashSet<>();
    csr.dnsNames().forEach(name -> dns.add(DnsName.parse(name)));
    LinkedHashSet<String> ips = new LinkedHashSet<>();
    csr.ipAddresses().forEach(ip -> ips.add(IpRange.normalize(ip).orElse(ip)));
    return new Names(List.copyOf(dns), List.copyOf(ips));
  }

  /** The first name, capped at the 64 characters X.520 allows a CN. */
  private static String commonName(Names names) {
    String cn = names.dns().isEmpty() ? names.ips().get(0) : names.dns().get(0).text();
    return cn.length() > 64 ? cn.substring(0, 64) : cn;
  }

  private Uni<ServerCertificate> record(
      CertificateIssuer.Issued leaf,
      VerifiedToken token,
      Names names,
      TtlClamp.Granted granted,
      ParsedCsr csr) {
    X509Certificate cert = leaf.certificate();
    String serial = LocalCa.serialText(cert);
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    List<String> sans = names.texts();
    AuditEvent.Builder event =
        AuditEvent.builder(EVENT_ISSUED)
            .actor(token.subject())
            .subject(token.subject())
            .target(serial)
            .attribute("issuer", issuer.kind())
            .attribute("ca_arn", leaf.caArn())
            .attribute("template_arn", leaf.templateArn())
            .attribute("kind", "server")
            .attribute("serial", serial)
            .attribute("sans", sans)
            .attribute("key", csr.keyDescription())
            .attribute("ttl_seconds", granted.ttl().toSeconds());
    granted.clampedBy().ifPresent(reason -> event.attribute("ttl_clamped_by", reason));
    if (token.claims().getClaimValue(SignetClaims.PROVENANCE) instanceof Map<?, ?> provenance) {
      event.attribute("provenance", provenance);
    }
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "INSERT INTO certificates (serial_number, subject_dn, sans, issuer_kind,"
                            + " certificate_pem, not_before, not_after, requested_by, kind, ca_arn,"
                            + " template_arn, certificate_arn)"
                            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'server', $9, $10, $11)")
                    .execute(
                        Tuple.from(
                            new Object[] {
                              serial,
                              cert.getSubjectX500Principal().getName(),
                              sans.toArray(String[]::new),
                              issuer.kind(),
                              LocalCa.pem(cert),
                              notBefore.atOffset(ZoneOffset.UTC),
                              notAfter.atOffset(ZoneOffset.UTC),
                              token.subject(),
                              leaf.caArn(),
                              leaf.templateArn(),
                              leaf.certificateArn()
                            }))
                    .chain(() -> audit.record(tx, event)))
        .replaceWith(
            new ServerCertificate(
                serial,
                LocalCa.pem(cert),
                leaf.caCertificatePem(),
                names.dns().stream().map(DnsName::text).toList(),
                names.ips(),
                notBefore,
                notAfter,
                Duration.between(notBefore, notAfter).toSeconds(),
                granted.clampedBy().orElse(null)));
  }

  private static ProblemException notAllowed(String detail) {
    return new ProblemException(
        Problem.of(
            403, "server-certificates-not-allowed", "Server certificates not allowed", detail));
  }
}
