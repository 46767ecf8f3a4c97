package dev.signet.cert.pca;

import dev.signet.cert.CertConfig;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.ApiPassthrough;
import software.amazon.awssdk.services.acmpca.model.Extensions;
import software.amazon.awssdk.services.acmpca.model.GeneralName;
import software.amazon.awssdk.services.acmpca.model.GetCertificateRequest;
import software.amazon.awssdk.services.acmpca.model.GetCertificateResponse;
import software.amazon.awssdk.services.acmpca.model.IssueCertificateRequest;
import software.amazon.awssdk.services.acmpca.model.RequestAlreadyProcessedException;
import software.amazon.awssdk.services.acmpca.model.RevocationReason;
import software.amazon.awssdk.services.acmpca.model.Validity;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;
import software.amazon.awssdk.services.acmpca.waiters.AcmPcaWaiter;

/**
 * The {@code AWS_PCA} issuer: IssueCertificate (with an idempotency token, the configured template
 * and signing algorithm, subject and SANs passed through, so they come from Signet and never from
 * the CSR), then GetCertificate through the SDK's bounded waiter. Client and server certificates
 * come from separate CAs. Any PCA failure is a 502: the caller did nothing wrong.
 */
public class PcaIssuer {

  /** A certificate serial in hex (RFC 5280: at most 20 octets). */
  private static final java.util.regex.Pattern SERIAL =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{1,40}");

  private static final Logger LOG = Logger.getLogger(PcaIssuer.class);

  /** Which of the two CAs signs. */
  public enum Kind {
    CLIENT,
    SERVER
  }

  /** What PCA handed back; {@code certificateArn} is PCA's handle of the certificate. */
  public record Issued(
      X509Certificate certificate,
      String certificatePem,
      String chainPem,
      String caArn,
      String templateArn,
      String certificateArn) {}

  /** What Signet (not the CSR) puts in the certificate. */
  public record Names(
      String commonName,
      String organization,
      String unit,
      List<String> uris,
      List<String> dnsNames,
      List<String> ipAddresses) {}

  /** How long a CA certificate fetched from PCA is used before it is fetched again. */
  static final Duration CA_CACHE = Duration.ofHours(1);

  private record CachedCa(X509Certificate certificate, Instant fetchedAt) {}

  private final java.util.concurrent.ConcurrentMap<String, CachedCa> caCertificates =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AcmPcaClient client;
  private final AcmPcaWaiter waiter;
  private final CertConfig.Pca config;
  private final Timer clientLatency;
  private final Timer serverLatency;

  public PcaIssuer(AcmPcaClient client, CertConfig.Pca config, MeterRegistry registry) {
    this.client = client;
    this.config = config;
    this.waiter =
        AcmPcaWaiter.builder()
            .client(client)
            .overrideConfiguration(
                WaiterOverrideConfiguration.builder()
                    .maxAttempts(config.waiterAttempts())
                    .backoffStrategyV2(BackoffStrategy.fixedDelay(config.waiterDelay()))
                    .build())
            .build();
    this.clientLatency = latency(registry, Kind.CLIENT);
    this.serverLatency = latency(registry, Kind.SERVER);
  }

  /** Closes the SDK client (its HTTP connections). */
  public void close() {
    waiter.close();
    client.close();
  }

  /** The CA ARN for a kind; 503 when it is not configured. */
  public String caArn(Kind kind) {
    return (kind == Kind.CLIENT ? config.clientCaArn() : config.serverCaArn())
        .orElseThrow(
            () ->
                ProblemException.unavailable(
                    "no AWS Private CA is configured for "
                        + kind.name().toLowerCase(Locale.ROOT)
                        + " certificates"));
  }

  /** The template for a kind: server certificates may name their own (a serverAuth template). */
  public String templateArn(Kind kind) {
    Optional<String> template =
        kind == Kind.SERVER
            ? config.serverTemplateArn().or(config::templateArn)
            : config.templateArn();
    return template.orElseThrow(
        () -> ProblemException.unavailable("no AWS Private CA template is configured"));
  }

  /**
   * The CA's own certificate (GetCertificateAuthorityCertificate), kept for {@link #CA_CACHE} so
   * the name-constraint check before each server issuance costs no round trip; a renewed CA
   * certificate is picked up within that time.
   */
  public Uni<X509Certificate> caCertificate(Kind kind) {
    String caArn = caArn(kind);
    CachedCa cached = caCertificates.get(caArn);
    if (cached != null && cached.fetchedAt().plus(CA_CACHE).isAfter(Instant.now())) {
      return Uni.createFrom().item(cached.certificate());
    }
    return blocking(
        () -> {
          X509Certificate certificate =
              parse(
                  client
                      .getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(caArn))
                      .certificate());
          caCertificates.put(caArn, new CachedCa(certificate, Instant.now()));
          return certificate;
        });
  }

  /**
   * Issues a certificate for a CSR (PEM) valid from {@code notBefore} until {@code notAfter} (both
   * given, so PCA's certificate spans exactly what Signet granted, as a LOCAL one does). {@code
   * idempotencyToken} (at most 36 characters) makes a retried request return the same certificate
   * within PCA's idempotency window.
   */
  public Uni<Issued> issue(
      Kind kind,
      String csrPem,
      Names names,
      Instant notBefore,
      Instant notAfter,
      String idempotencyToken) {
    String caArn = caArn(kind);
    String template = templateArn(kind);
    return blocking(
        () -> {
          Timer.Sample sample = Timer.start();
          try {
            String certificateArn =
                client
                    .issueCertificate(
                        IssueCertificateRequest.builder()
                            .certificateAuthorityArn(caArn)
                            .csr(SdkBytes.fromString(csrPem, StandardCharsets.US_ASCII))
                            .signingAlgorithm(config.signingAlgorithm())
                            .templateArn(template)
                            .idempotencyToken(idempotencyToken)
                            .validityNotBefore(
                                Validity.builder()
                                    .type(ValidityPeriodType.ABSOLUTE)
                                    .value(notBefore.getEpochSecond())
                                    .build())
                            .validity(
                                Validity.builder()
                                    .type(ValidityPeriodType.ABSOLUTE)
                                    .value(notAfter.getEpochSecond())
                                    .build())
                            .apiPassthrough(passthrough(names))
                            .build())
                    .certificateArn();
            WaiterResponse<GetCertificateResponse> waited =
                waiter.waitUntilCertificateIssued(
                    GetCertificateRequest.builder()
                        .certificateAuthorityArn(caArn)
                        .certificateArn(certificateArn)
                        .build());
            GetCertificateResponse got =
                waited
                    .matched()
                    .response()
                    .orElseThrow(
                        () ->
                            badGateway(
                                "AWS Private CA did not return the certificate in time", null));
            return new Issued(
                parse(got.certificate()),
                got.certificate(),
                got.certificateChain(),
                caArn,
                template,
                certificateArn);
          } finally {
            sample.stop(kind == Kind.CLIENT ? clientLatency : serverLatency);
          }
        });
  }

  /** Revokes a PCA certificate by serial (hex), with an RFC 5280 reason in PCA's spelling. */
  public Uni<Void> revoke(Kind kind, String serialHex, String reason) {
    return revoke(caArn(kind), serialHex, reason);
  }

  /**
   * Revokes a certificate of the CA its record names (the configured ARN may have changed since it
   * was issued).
   */
  public Uni<Void> revoke(String caArn, String serialHex, String reason) {
    if (!SERIAL.matcher(serialHex).matches()) {
      throw ProblemException.notFound("no certificate with serial " + serialHex);
    }
    return blocking(
            () -> {
              try {
                client.revokeCertificate(
                    r ->
                        r.certificateAuthorityArn(caArn)
                            .certificateSerial(colonHex(serialHex))
                            .revocationReason(RevocationReason.fromValue(reason)));
              } catch (RequestAlreadyProcessedException e) {
                // Already revoked at PCA (an earlier attempt whose record update was lost): done.
                LOG.debugf("AWS Private CA had already revoked %s", serialHex);
              }
              return null;
            })
        .replaceWithVoid();
  }

  /** PCA spells serials as colon-separated byte pairs. */
  static String colonHex(String serialHex) {
    String hex = serialHex.length() % 2 == 0 ? serialHex : "0" + serialHex;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        out.append(':');
      }
      out.append(hex, i, i + 2);
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static Timer latency(MeterRegistry registry, Kind kind) {
    // Prometheus exports this as pca_issue_latency_seconds with histogram buckets.
    return Timer.builder("pca_issue_latency")
        .description("IssueCertificate until GetCertificate returns the certificate")
        .tag("kind", kind.name().toLowerCase(Locale.ROOT))
        .publishPercentileHistogram()
        .register(registry);
  }

  private static ApiPassthrough passthrough(Names names) {
    List<GeneralName> sans = new java.util.ArrayList<>();
    names.uris().forEach(u -> sans.add(GeneralName.builder().uniformResourceIdentifier(u).build()));
    names.dnsNames().forEach(d -> sans.add(GeneralName.builder().dnsName(d).build()));
    names.ipAddresses().forEach(ip -> sans.add(GeneralName.builder().ipAddress(ip).build()));
    return ApiPassthrough.builder()
        .subject(
            s ->
                s.commonName(names.commonName())
                    .organization(names.organization())
                    .organizationalUnit(names.unit()))
        .extensions(Extensions.builder().subjectAlternativeNames(sans).build())
        .build();
  }

  private <T> Uni<T> blocking(Supplier<T> call) {
    return Uni.createFrom()
        .item(
            () -> {
              try {
                return call.get();
              } catch (SdkException e) {
                // The SDK's message names the error code and request id, never key material.
                LOG.warnf("AWS Private CA call failed: %s", e.getMessage());
                throw badGateway("AWS Private CA refused or failed the request", e);
              }
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private static ProblemException badGateway(String detail, Throwable cause) {
    return new ProblemException(
        Problem.of(502, "certificate-authority-failed", "Certificate authority failed", detail));
  }

  private static X509Certificate parse(String pem) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw badGateway("AWS Private CA returned an unreadable certificate", e);
    }
  }
}
