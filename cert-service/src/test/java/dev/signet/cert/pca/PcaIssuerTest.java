package dev.signet.cert.pca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.cert.CertConfig;
import dev.signet.cert.issue.IssueErrors;
import dev.signet.common.error.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;

/** The AWS_PCA issuer through the real AcmPcaClient against a local PCA speaking JSON 1.1. */
class PcaIssuerTest {

  private static final String CLIENT_CA =
      "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/client";
  private static final String SERVER_CA =
      "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/server";
  private static final String TEMPLATE =
      "arn:aws:acm-pca:::template/EndEntityClientAuthCertificate_APIPassthrough/V1";
  private static final String SERVER_TEMPLATE =
      "arn:aws:acm-pca:::template/EndEntityServerAuthCertificate_APIPassthrough/V1";

  private PcaTestServer pca;
  private AcmPcaClient client;
  private MeterRegistry registry;
  private PcaIssuer issuer;
  private IssueErrors errors;

  @BeforeEach
  void start() throws Exception {
    pca = new PcaTestServer();
    registry = new SimpleMeterRegistry();
    errors = new IssueErrors(registry);
    open(Duration.ofSeconds(2));
  }

  private void open(Duration timeout) {
    if (client != null) {
      client.close();
    }
    CertConfig.Pca config = config(pca.endpoint(), timeout);
    client =
        PcaClients.create(
            config,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")));
    issuer = new PcaIssuer(client, config, registry);
  }

  @AfterEach
  void stop() {
    client.close();
    pca.close();
  }

  @Test
  void issuesClientCertificateFromTheClientCaAfterRequestInProgress() throws Exception {
    pca.inProgressPolls = 3;
    Instant notAfter = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    PcaIssuer.Issued issued =
        issue(PcaIssuer.Kind.CLIENT, clientNames(), notAfter, UUID.randomUUID().toString());

    X509Certificate cert = issued.certificate();
    assertEquals(CLIENT_CA, issued.caArn());
    assertEquals(notAfter, cert.getNotAfter().toInstant());
    assertEquals(
        "spiffe://signet.internal/user/alice",
        cert.getSubjectAlternativeNames().iterator().next().get(1));
    assertTrue(cert.getSubjectX500Principal().getName().contains("CN=alice"));
    cert.verify(pca.caCertificate.getPublicKey());
    assertEquals(4, pca.getCertificateCalls.get(), "three in-progress answers, then the cert");

    var request = pca.issueRequests.get(0);
    assertEquals(TEMPLATE, request.path("TemplateArn").asText());
    assertEquals("SHA256WITHECDSA", request.path("SigningAlgorithm").asText());
    assertEquals("ABSOLUTE", request.path("Validity").path("Type").asText());
    assertEquals(
        1L,
        registry.get("pca_issue_latency").tag("kind", "client").timer().count(),
        "latency recorded");
  }

  @Test
  void serverCertificatesComeFromTheServerCa() throws Exception {
    PcaIssuer.Names names =
        new PcaIssuer.Names(
            "api.svc.cluster.local",
            "Signet",
            "server",
            List.of(),
            List.of("api.svc.cluster.local"),
            List.of("10.0.0.7"));
    PcaIssuer.Issued issued =
        issue(PcaIssuer.Kind.SERVER, names, Instant.now().plus(Duration.ofDays(2)), "srv-1");
    assertEquals(SERVER_CA, issued.caArn());
    assertEquals(SERVER_TEMPLATE, issued.templateArn());
    assertEquals(SERVER_TEMPLATE, pca.issueRequests.get(0).path("TemplateArn").asText());
    assertTrue(issued.certificateArn().startsWith(SERVER_CA));
    assertEquals(2, issued.certificate().getSubjectAlternativeNames().size());
  }

  @Test
  void theIdempotencyTokenMakesAReplayReturnTheSameCertificate() throws Exception {
    Instant notAfter = Instant.now().plus(Duration.ofHours(1));
    PcaIssuer.Issued first = issue(PcaIssuer.Kind.CLIENT, clientNames(), notAfter, "token-1");
    PcaIssuer.Issued replay = issue(PcaIssuer.Kind.CLIENT, clientNames(), notAfter, "token-1");
    assertEquals(first.certificateArn(), replay.certificateArn());
    assertEquals(first.certificate().getSerialNumber(), replay.certificate().getSerialNumber());
    assertEquals("token-1", pca.issueRequests.get(1).path("IdempotencyToken").asText());
  }

  @Test
  void throttlingIsRetriedByTheSdk() throws Exception {
    pca.throttleNext.set(2);
    PcaIssuer.Issued issued =
        issue(PcaIssuer.Kind.CLIENT, clientNames(), Instant.now().plusSeconds(600), "t-2");
    assertEquals(2, pca.throttled.get());
    assertEquals(CLIENT_CA, issued.caArn());
  }

  @Test
  void aFailureIsA502AndCounted() throws Exception {
    pca.failNext.set(1);
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () -> issue(PcaIssuer.Kind.CLIENT, clientNames(), Instant.now().plusSeconds(600), "f"));
    assertEquals(502, e.problem().status());
    assertEquals(
        1.0,
        registry
            .get("cert_issue_errors_total")
            .tag("reason", "certificate-authority-failed")
            .counter()
            .count());
  }

  @Test
  void endlessThrottlingEndsIn502() throws Exception {
    pca.throttleNext.set(100);
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () -> issue(PcaIssuer.Kind.CLIENT, clientNames(), Instant.now().plusSeconds(600), "x"));
    assertEquals(502, e.problem().status());
    assertEquals(4, pca.throttled.get(), "the retry strategy's max attempts, then give up");
  }

  @Test
  void aSlowPcaTimesOutAs502() throws Exception {
    open(Duration.ofMillis(500));
    pca.delay = Duration.ofMillis(1500);
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () -> issue(PcaIssuer.Kind.CLIENT, clientNames(), Instant.now().plusSeconds(600), "s"));
    assertEquals(502, e.problem().status());
  }

  @Test
  void aCertificateThatNeverIssuesIsBoundedByTheWaiter() throws Exception {
    pca.inProgressPolls = 1000;
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () -> issue(PcaIssuer.Kind.CLIENT, clientNames(), Instant.now().plusSeconds(600), "w"));
    assertEquals(502, e.problem().status());
    assertEquals(5, pca.getCertificateCalls.get(), "waiter attempts are bounded");
  }

  @Test
  void theCaCertificateIsFetchedOnceAndKept() throws Exception {
    X509Certificate first =
        issuer.caCertificate(PcaIssuer.Kind.SERVER).await().atMost(Duration.ofSeconds(10));
    X509Certificate again =
        issuer.caCertificate(PcaIssuer.Kind.SERVER).await().atMost(Duration.ofSeconds(10));
    assertEquals(pca.caCertificate, first);
    assertEquals(first, again);
    assertEquals(1, pca.caCertificateCalls.get());
  }

  @Test
  void revokesThroughPca() {
    issuer
        .revoke(PcaIssuer.Kind.CLIENT, "abc12", "KEY_COMPROMISE")
        .await()
        .atMost(Duration.ofSeconds(10));
    assertEquals(List.of(CLIENT_CA + " 0a:bc:12 KEY_COMPROMISE"), pca.revocations);
  }

  @Test
  void aMissingCaArnIs503() {
    CertConfig.Pca base = config(pca.endpoint(), Duration.ofSeconds(2));
    CertConfig.Pca noServer =
        new DelegatingPca(base) {
          @Override
          public Optional<String> serverCaArn() {
            return Optional.empty();
          }
        };
    PcaIssuer bare = new PcaIssuer(client, noServer, registry);
    ProblemException e =
        assertThrows(ProblemException.class, () -> bare.caArn(PcaIssuer.Kind.SERVER));
    assertEquals(503, e.problem().status());
  }

  private PcaIssuer.Issued issue(
      PcaIssuer.Kind kind, PcaIssuer.Names names, Instant notAfter, String token) throws Exception {
    return errors
        .<PcaIssuer.Issued>counted(
            () -> issuer.issue(kind, csr(), names, Instant.now(), notAfter, token))
        .await()
        .atMost(Duration.ofSeconds(20));
  }

  private static PcaIssuer.Names clientNames() {
    return new PcaIssuer.Names(
        "alice",
        "Signet",
        "user",
        List.of("spiffe://signet.internal/user/alice"),
        List.of(),
        List.of());
  }

  private static String csr() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair key = gen.generateKeyPair();
      return PcaTestServer.pem(
          new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored"), key.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static CertConfig.Pca config(URI endpoint, Duration timeout) {
    return new CertConfig.Pca() {
      public Optional<String> clientCaArn() {
        return Optional.of(CLIENT_CA);
      }

      public Optional<String> serverCaArn() {
        return Optional.of(SERVER_CA);
      }

      public Optional<String> templateArn() {
        return Optional.of(TEMPLATE);
      }

      public Optional<String> serverTemplateArn() {
        return Optional.of(SERVER_TEMPLATE);
      }

      public String signingAlgorithm() {
        return "SHA256WITHECDSA";
      }

      public Optional<String> region() {
        return Optional.of("eu-west-1");
      }

      public Duration apiTimeout() {
        return timeout;
      }

      public Optional<URI> endpoint() {
        return Optional.of(endpoint);
      }

      public Duration waiterDelay() {
        return Duration.ofMillis(20);
      }

      public int waiterAttempts() {
        return 5;
      }

      public Duration retryBaseDelay() {
        return Duration.ofMillis(10);
      }
    };
  }

  /** Overrides one setting of a test configuration. */
  private static class DelegatingPca implements CertConfig.Pca {
    private final CertConfig.Pca d;

    DelegatingPca(CertConfig.Pca d) {
      this.d = d;
    }

    public Optional<String> clientCaArn() {
      return d.clientCaArn();
    }

    public Optional<String> serverCaArn() {
      return d.serverCaArn();
    }

    public Optional<String> templateArn() {
      return d.templateArn();
    }

    public Optional<String> serverTemplateArn() {
      return d.serverTemplateArn();
    }

    public String signingAlgorithm() {
      return d.signingAlgorithm();
    }

    public Optional<String> region() {
      return d.region();
    }

    public Duration apiTimeout() {
      return d.apiTimeout();
    }

    public Optional<URI> endpoint() {
      return d.endpoint();
    }

    public Duration waiterDelay() {
      return d.waiterDelay();
    }

    public int waiterAttempts() {
      return d.waiterAttempts();
    }

    public Duration retryBaseDelay() {
      return d.retryBaseDelay();
    }
  }
}
