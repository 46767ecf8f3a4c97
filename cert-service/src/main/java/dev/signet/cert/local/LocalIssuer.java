package dev.signet.cert.local;

import dev.signet.cert.issue.CertificateIssuer;
import io.smallrye.mutiny.Uni;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;

/** The {@code LOCAL} issuer: the BouncyCastle CAs of {@link LocalCa}, no ARNs. */
public final class LocalIssuer implements CertificateIssuer {

  private final LocalCa ca;

  public LocalIssuer(LocalCa ca) {
    this.ca = ca;
  }

  @Override
  public String kind() {
    return "LOCAL";
  }

  @Override
  public Uni<Issued> signClient(ClientLeaf leaf) {
    X500Name dn =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "Signet")
            .addRDN(BCStyle.OU, leaf.unit())
            .addRDN(BCStyle.CN, leaf.commonName())
            .build();
    return ca.signClient(
            leaf.csr().publicKey(), dn, leaf.spiffeId(), leaf.notBefore(), leaf.notAfter())
        .map(LocalIssuer::issued);
  }

  @Override
  public Uni<Issued> signServer(ServerLeaf leaf) {
    X500Name dn =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "Signet")
            .addRDN(BCStyle.CN, leaf.commonName())
            .build();
    List<GeneralName> names = new ArrayList<>();
    leaf.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
    leaf.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    return ca.signServer(leaf.csr().publicKey(), dn, names, leaf.notBefore(), leaf.notAfter())
        .map(LocalIssuer::issued);
  }

  @Override
  public Uni<X509Certificate> serverCaCertificate() {
    return ca.serverCaCertificate();
  }

  private static Issued issued(LocalCa.Issued leaf) {
    return new Issued(leaf.certificate(), LocalCa.pem(leaf.ca()), null, null, null);
  }
}
