package dev.signet.cert.issue;

import dev.signet.cert.csr.ParsedCsr;
import io.smallrye.mutiny.Uni;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Who signs, chosen by {@code signet.cert.issuer}: the local BouncyCastle CAs ({@code LOCAL}) or
 * AWS Private CA ({@code AWS_PCA}). The endpoints validate, clamp, record and audit the same way
 * for both; only the signature and the CA's handle differ.
 */
public interface CertificateIssuer {

  /**
   * What a signature produced. {@code caArn}, {@code templateArn}, {@code certificateArn} are null
   * for LOCAL.
   */
  record Issued(
      X509Certificate certificate,
      String caCertificatePem,
      String caArn,
      String templateArn,
      String certificateArn) {}

  /** A client leaf: subject {@code O=Signet, OU=<unit>, CN=<commonName>}, one URI SAN. */
  record ClientLeaf(
      ParsedCsr csr,
      String unit,
      String commonName,
      String spiffeId,
      Instant notBefore,
      Instant notAfter) {}

  /** A server leaf: subject {@code O=Signet, CN=<commonName>}, the given DNS and IP SANs. */
  record ServerLeaf(
      ParsedCsr csr,
      String commonName,
      List<String> dnsNames,
      List<String> ipAddresses,
      Instant notBefore,
      Instant notAfter) {}

  /** {@code issuer_kind} of the records ({@code LOCAL} or {@code AWS_PCA}). */
  String kind();

  Uni<Issued> signClient(ClientLeaf leaf);

  Uni<Issued> signServer(ServerLeaf leaf);

  /** The server CA's certificate: its name constraints are checked before the CA is asked. */
  Uni<X509Certificate> serverCaCertificate();
}
