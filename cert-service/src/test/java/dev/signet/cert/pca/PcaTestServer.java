package dev.signet.cert.pca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A local ACM PCA speaking JSON 1.1 ({@code X-Amz-Target: ACMPrivateCA.*}) that signs with a
 * BouncyCastle test CA. GetCertificate answers RequestInProgressException a few times per
 * certificate first, as PCA does while it signs. It can be told to fail, throttle or be slow.
 */
final class PcaTestServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A recorded IssueCertificate request body. */
  final List<JsonNode> issueRequests = new CopyOnWriteArrayList<>();

  /** Revocations as "caArn serial reason". */
  final List<String> revocations = new CopyOnWriteArrayList<>();

  /** RequestInProgressException answers before a certificate is ready. */
  volatile int inProgressPolls = 2;

  /** Next requests answered with ThrottlingException. */
  final AtomicInteger throttleNext = new AtomicInteger();

  /** Next requests answered with a non-retryable error. */
  final AtomicInteger failNext = new AtomicInteger();

  /** Delay before answering (a slow PCA). */
  volatile Duration delay = Duration.ZERO;

  final AtomicInteger getCertificateCalls = new AtomicInteger();
  final AtomicInteger caCertificateCalls = new AtomicInteger();
  final AtomicInteger throttled = new AtomicInteger();

  private final HttpServer server;
  private final KeyPair caKey;
  final X509Certificate caCertificate;
  private final Map<String, String> certificates = new ConcurrentHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
  private final Map<String, String> byToken = new ConcurrentHashMap<>();

  PcaTestServer() throws Exception {
    this(0);
  }

  /** On a given loopback port (0: any free one). */
  PcaTestServer(int port) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    caKey = gen.generateKeyPair();
    X500Name caName = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "Test PCA").build();
    Instant now = Instant.now();
    X509v3CertificateBuilder ca =
        new JcaX509v3CertificateBuilder(
                caName,
                BigInteger.ONE,
                Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))),
                caName,
                caKey.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    caCertificate = sign(ca);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throttled.incrementAndGet();
        error(exchange, "ThrottlingException", "Rate exceeded");
        return;
      }
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(exchange, "InvalidStateException", "The certificate authority is disabled");
        return;
      }
      switch (target == null ? "" : target) {
        case "ACMPrivateCA.IssueCertificate" -> issue(exchange, body);
        case "ACMPrivateCA.GetCertificate" -> get(exchange, body);
        case "ACMPrivateCA.GetCertificateAuthorityCertificate" -> {
          caCertificateCalls.incrementAndGet();
          ok(exchange, JSON.createObjectNode().put("Certificate", pem(caCertificate)));
        }
        case "ACMPrivateCA.RevokeCertificate" -> {
          revocations.add(
              body.path("CertificateAuthorityArn").asText()
                  + " "
                  + body.path("CertificateSerial").asText()
                  + " "
                  + body.path("RevocationReason").asText());
          ok(exchange, JSON.createObjectNode());
        }
        default -> error(exchange, "UnknownOperationException", "unknown target " + target);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private void issue(HttpExchange exchange, JsonNode body) throws Exception {
    issueRequests.add(body);
    String token = body.path("IdempotencyToken").asText(null);
    if (token != null && byToken.containsKey(token)) {
      ok(exchange, JSON.createObjectNode().put("CertificateArn", byToken.get(token)));
      return;
    }
    String csrPem =
        new String(
            Base64.getDecoder().decode(body.path("Csr").asText()), StandardCharsets.US_ASCII);
    PKCS10CertificationRequest csr;
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      csr = (PKCS10CertificationRequest) parser.readObject();
    }
    JsonNode subject = body.path("ApiPassthrough").path("Subject");
    X500NameBuilder dn = new X500NameBuilder(BCStyle.INSTANCE);
    if (subject.has("Organization")) {
      dn.addRDN(BCStyle.O, subject.get("Organization").asText());
    }
    if (subject.has("OrganizationalUnit")) {
      dn.addRDN(BCStyle.OU, subject.get("OrganizationalUnit").asText());
    }
    dn.addRDN(BCStyle.CN, subject.path("CommonName").asText());
    List<GeneralName> sans = new ArrayList<>();
    for (JsonNode san :
        body.path("ApiPassthrough").path("Extensions").path("SubjectAlternativeNames")) {
      if (san.has("UniformResourceIdentifier")) {
        sans.add(
            new GeneralName(
                GeneralName.uniformResourceIdentifier,
                san.get("UniformResourceIdentifier").asText()));
      } else if (san.has("DnsName")) {
        sans.add(new GeneralName(GeneralName.dNSName, san.get("DnsName").asText()));
      } else if (san.has("IpAddress")) {
        sans.add(new GeneralName(GeneralName.iPAddress, san.get("IpAddress").asText()));
      }
    }
    Instant notAfter = Instant.ofEpochSecond(body.path("Validity").path("Value").asLong());
    JsonNode notBefore = body.path("ValidityNotBefore").path("Value");
    Instant from =
        notBefore.isMissingNode()
            ? Instant.now().minusSeconds(60)
            : Instant.ofEpochSecond(notBefore.asLong());
    X509v3CertificateBuilder leaf =
        new X509v3CertificateBuilder(
            new X500Name(caCertificate.getSubjectX500Principal().getName()),
            new BigInteger(64, new SecureRandom()).setBit(63),
            Date.from(from),
            Date.from(notAfter),
            dn.build(),
            csr.getSubjectPublicKeyInfo());
    if (!sans.isEmpty()) {
      leaf.addExtension(
          Extension.subjectAlternativeName,
          true,
          new GeneralNames(sans.toArray(GeneralName[]::new)));
    }
    String arn =
        body.path("CertificateAuthorityArn").asText()
            + "/certificate/"
            + sequence.incrementAndGet();
    certificates.put(arn, pem(sign(leaf)));
    polls.put(arn, new AtomicInteger());
    if (token != null) {
      byToken.put(token, arn);
    }
    ok(exchange, JSON.createObjectNode().put("CertificateArn", arn));
  }

  private void get(HttpExchange exchange, JsonNode body) throws Exception {
    getCertificateCalls.incrementAndGet();
    String arn = body.path("CertificateArn").asText();
    String pem = certificates.get(arn);
    if (pem == null) {
      error(exchange, "ResourceNotFoundException", "no certificate " + arn);
      return;
    }
    if (polls.get(arn).getAndIncrement() < inProgressPolls) {
      error(exchange, "RequestInProgressException", "The request is in progress");
      return;
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("Certificate", pem);
    out.put("CertificateChain", pem(caCertificate));
    ok(exchange, out);
  }

  private X509Certificate sign(X509v3CertificateBuilder builder) throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
  }

  static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static void ok(HttpExchange exchange, JsonNode body) throws IOException {
    send(exchange, 200, body);
  }

  private static void error(HttpExchange exchange, String type, String message) throws IOException {
    send(exchange, 400, JSON.createObjectNode().put("__type", type).put("message", message));
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
