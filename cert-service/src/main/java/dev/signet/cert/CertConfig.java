package dev.signet.cert;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the certificate service. Every setting has a default, so the service starts with the
 * local CA and no extra configuration (what {@code deploy/run-local.sh} relies on).
 */
@ConfigMapping(prefix = "signet.cert")
public interface CertConfig {

  /** Which CA signs: {@code LOCAL} (a BouncyCastle CA in this service) or {@code AWS_PCA}. */
  @WithDefault("LOCAL")
  CertificateIssuer issuer();

  /**
   * SPIFFE trust domain of client certificates: their single URI SAN is {@code
   * spiffe://<trust-domain>/<principal type>/<sub>}, and the local CA is name-constrained to it.
   */
  @WithDefault("signet.internal")
  String trustDomain();

  /**
   * Base URL relying parties reach this service at; the local CA's certificates name their CRL as
   * {@code <base>/v1/crl/client.crl} or {@code server.crl} (CRL distribution point).
   */
  @WithDefault("http://localhost:8084")
  String crlBaseUrl();

  /** How long a CRL is valid (its nextUpdate); relying parties refetch within this. */
  @WithDefault("1h")
  Duration crlValidity();

  /** How often old quota windows are dropped and stale build sessions marked expired. */
  @WithDefault("10m")
  Duration sweepInterval();

  Pca pca();

  Ttl ttl();

  Quota quota();

  Server server();

  Build build();

  ExtAuthz extAuthz();

  /** The two issuers. */
  enum CertificateIssuer {
    LOCAL,
    AWS_PCA
  }

  /** AWS Private CA; region and credentials come from the SDK's default provider chain. */
  interface Pca {
    /** ARN of the private CA that signs client certificates. */
    Optional<String> clientCaArn();

    /** ARN of the private CA that signs server certificates (a separate CA). */
    Optional<String> serverCaArn();

    /**
     * Template ARN passed to IssueCertificate, e.g. {@code
     * arn:aws:acm-pca:::template/EndEntityClientAuthCertificate_APIPassthrough/V1}: an
     * APIPassthrough template, so subject and SANs come from Signet.
     */
    Optional<String> templateArn();

    /**
     * Template ARN for server certificates (e.g. {@code
     * EndEntityServerAuthCertificate_APIPassthrough/V1}); empty means {@code template-arn}.
     */
    Optional<String> serverTemplateArn();

    /** Signing algorithm passed to IssueCertificate, as the ACM PCA API spells it. */
    @WithDefault("SHA256WITHECDSA")
    String signingAlgorithm();

    /** Region override; empty means the default region provider chain. */
    Optional<String> region();

    /** Per-call API timeout; at most 10 s. */
    @WithDefault("10s")
    Duration apiTimeout();

    /** Endpoint override (tests, VPC endpoints); empty means the SDK's regional endpoint. */
    Optional<java.net.URI> endpoint();

    /** Delay between GetCertificate polls while PCA answers RequestInProgressException. */
    @WithDefault("1s")
    Duration waiterDelay();

    /** GetCertificate polls before the issuance is given up (bounds the wait). */
    @WithDefault("10")
    int waiterAttempts();

    /** Base delay of the SDK retry strategy's backoff (throttling and transient errors). */
    @WithDefault("200ms")
    Duration retryBaseDelay();
  }

  /** Certificate lifetime clamps by principal type. */
  interface Ttl {
    /** Longest client certificate for a developer ({@code principal_type=user}). */
    @WithDefault("90m")
    Duration developer();

    /** Longest client certificate for a CI job, further clamped to the job token's expiry. */
    @WithDefault("120m")
    Duration ci();

    /** Longest client certificate for service accounts and workloads. */
    @WithDefault("24h")
    Duration service();

    /** Longest server certificate. */
    @WithDefault("6d")
    Duration server();
  }

  /** Server certificates. */
  interface Server {
    /**
     * DNS domains the local server CA is name-constrained to (RFC 5280 dNSName subtrees, e.g.
     * {@code svc.cluster.local}); empty means no DNS constraint. Read when the CA is first made.
     */
    Optional<java.util.List<String>> permittedDnsDomains();

    /** IP ranges (CIDR) the local server CA is name-constrained to; empty means none. */
    Optional<java.util.List<String>> permittedIpRanges();
  }

  /** The Envoy ext_authz endpoint {@code /v1/gateway/authorize}. */
  interface ExtAuthz {
    /** Off by default: the endpoint only exists when a gateway is set up to call it. */
    @WithDefault("false")
    boolean enabled();

    /** Prefix the certificate's URI SAN must have; default {@code spiffe://<trust-domain>/}. */
    Optional<String> uriPrefix();
  }

  /** Build sessions of CI jobs. */
  interface Build {
    /** Open build sessions one CI job identity may hold at once. */
    @WithDefault("3")
    int maxActivePerOwner();

    /** Longest build session; it also never outlives the job token that opened it. */
    @WithDefault("2h")
    Duration sessionTtl();
  }

  /** Issuance quota per identity, shared by replicas through the database. */
  interface Quota {
    /** Certificates one identity may obtain per hour. */
    @WithDefault("60")
    int perHour();
  }
}
