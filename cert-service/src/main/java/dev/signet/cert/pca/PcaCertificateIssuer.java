package dev.signet.cert.pca;

import dev.signet.cert.csr.ParsedCsr;
import dev.signet.cert.issue.CertificateIssuer;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.StringWriter;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * The {@code AWS_PCA} issuer behind the endpoints. Each request gets its own idempotency token: PCA
 * remembers it for five minutes, so the SDK's retry of an IssueCertificate whose answer was lost
 * returns the certificate already signed instead of a second one, while a caller's deliberate
 * second request still gets a fresh certificate with its own lifetime.
 */
public final class PcaCertificateIssuer implements CertificateIssuer {

  private final PcaIssuer pca;

  public PcaCertificateIssuer(PcaIssuer pca) {
    this.pca = pca;
  }

  @Override
  public String kind() {
    return "AWS_PCA";
  }

  @Override
  public Uni<Issued> signClient(ClientLeaf leaf) {
    PcaIssuer.Names names =
        new PcaIssuer.Names(
            leaf.commonName(),
            "Signet",
            leaf.unit(),
            List.of(leaf.spiffeId()),
            List.of(),
            List.of());
    return pca.issue(
            PcaIssuer.Kind.CLIENT,
            pem(leaf.csr()),
            names,
            leaf.notBefore(),
            leaf.notAfter(),
            UUID.randomUUID().toString())
        .map(PcaCertificateIssuer::issued);
  }

  @Override
  public Uni<Issued> signServer(ServerLeaf leaf) {
    PcaIssuer.Names names =
        new PcaIssuer.Names(
            leaf.commonName(), "Signet", null, List.of(), leaf.dnsNames(), leaf.ipAddresses());
    return pca.issue(
            PcaIssuer.Kind.SERVER,
            pem(leaf.csr()),
            names,
            leaf.notBefore(),
            leaf.notAfter(),
            UUID.randomUUID().toString())
        .map(PcaCertificateIssuer::issued);
  }

  @Override
  public Uni<X509Certificate> serverCaCertificate() {
    return pca.caCertificate(PcaIssuer.Kind.SERVER);
  }

  private static Issued issued(PcaIssuer.Issued issued) {
    return new Issued(
        issued.certificate(),
        issued.chainPem(),
        issued.caArn(),
        issued.templateArn(),
        issued.certificateArn());
  }

  /** The CSR as parsed and verified, re-encoded: nothing the caller put around it reaches PCA. */
  private static String pem(ParsedCsr csr) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(csr.request());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
