package dev.signet.cert.csr;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Turns PEM text into a {@link ParsedCsr}: one {@code CERTIFICATE REQUEST} block, a valid
 * self-signature, and a key Signet issues for (RSA of at least 2048 bits, EC P-256 or P-384,
 * Ed25519). Anything else is a {@link CsrRejected} naming the rule.
 */
public final class CsrParser {

  /** Far above any real CSR (an RSA 8192 CSR with many SANs is a few kB). */
  public static final int MAX_PEM_BYTES = 64 * 1024;

  private static final int MIN_RSA_BITS = 2048;
  private static final int MAX_RSA_BITS = 8192;

  private CsrParser() {}

  public static ParsedCsr parse(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new CsrRejected(CsrRule.NOT_A_CSR, "no CSR was sent");
    }
    if (pem.getBytes(StandardCharsets.UTF_8).length > MAX_PEM_BYTES) {
      throw new CsrRejected(
          CsrRule.TOO_LARGE, "a CSR is at most " + MAX_PEM_BYTES + " bytes of PEM");
    }
    PKCS10CertificationRequest request = readSingleRequest(pem);
    PublicKey key = publicKey(request);
    String keyDescription = checkKey(request.getSubjectPublicKeyInfo().getAlgorithm(), key);
    verifySignature(request, key);
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (GeneralName name : requestedNames(request)) {
      switch (name.getTagNo()) {
        case GeneralName.dNSName -> dns.add(DERIA5String.getInstance(name.getName()).getString());
        case GeneralName.iPAddress -> ips.add(ipText(name));
        case GeneralName.rfc822Name ->
            others.add("email:" + DERIA5String.getInstance(name.getName()).getString());
        case GeneralName.uniformResourceIdentifier ->
            others.add("uri:" + DERIA5String.getInstance(name.getName()).getString());
        default -> others.add("tag" + name.getTagNo() + ":" + name.getName());
      }
    }
    return new ParsedCsr(
        request, key, keyDescription, List.copyOf(dns), List.copyOf(ips), List.copyOf(others));
  }

  private static PKCS10CertificationRequest readSingleRequest(String pem) {
    Object first;
    Object second;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      first = parser.readObject();
      second = first == null ? null : parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new CsrRejected(CsrRule.NOT_A_CSR, "the body is not a PEM certificate request");
    }
    if (first instanceof X509CertificateHolder) {
      throw new CsrRejected(
          CsrRule.CERTIFICATE_NOT_CSR,
          "a certificate was sent; send a PEM CERTIFICATE REQUEST instead");
    }
    if (!(first instanceof PKCS10CertificationRequest request)) {
      throw new CsrRejected(CsrRule.NOT_A_CSR, "the body is not a PEM certificate request");
    }
    if (second != null) {
      throw new CsrRejected(CsrRule.NOT_A_CSR, "exactly one PEM block is expected");
    }
    return request;
  }

  private static PublicKey publicKey(PKCS10CertificationRequest request) {
    try {
      return new JcaPKCS10CertificationRequest(request).getPublicKey();
    } catch (Exception e) {
      throw new CsrRejected(CsrRule.WEAK_KEY, "the CSR's public key is not a supported key");
    }
  }

  private static String checkKey(AlgorithmIdentifier algorithm, PublicKey key) {
    ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
    if (PKCSObjectIdentifiers.rsaEncryption.equals(oid) && key instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
        throw new CsrRejected(
            CsrRule.WEAK_KEY,
            "RSA keys must have " + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " bits, not " + bits);
      }
      return "RSA-" + bits;
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid) && key instanceof ECPublicKey) {
      Object params = algorithm.getParameters();
      if (SECObjectIdentifiers.secp256r1.equals(params)) {
        return "EC-P-256";
      }
      if (SECObjectIdentifiers.secp384r1.equals(params)) {
        return "EC-P-384";
      }
      throw new CsrRejected(CsrRule.WEAK_KEY, "EC keys must be on P-256 or P-384");
    }
    if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
      return "Ed25519";
    }
    throw new CsrRejected(
        CsrRule.WEAK_KEY, "key type must be RSA (2048+), EC P-256/P-384 or Ed25519");
  }

  private static void verifySignature(PKCS10CertificationRequest request, PublicKey key) {
    boolean valid;
    try {
      valid = request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
    } catch (OperatorCreationException | PKCSException | RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw new CsrRejected(
          CsrRule.BAD_SIGNATURE, "the CSR's signature does not verify with its own key");
    }
  }

  private static List<GeneralName> requestedNames(PKCS10CertificationRequest request) {
    List<GeneralName> names = new ArrayList<>();
    try {
      for (Attribute attribute :
          request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
        for (var value : attribute.getAttrValues()) {
          Extensions extensions = Extensions.getInstance(value);
          Extension san = extensions.getExtension(Extension.subjectAlternativeName);
          if (san != null) {
            ASN1OctetString octets = san.getExtnValue();
            names.addAll(List.of(GeneralNames.getInstance(octets.getOctets()).getNames()));
          }
        }
      }
    } catch (RuntimeException e) {
      throw new CsrRejected(CsrRule.NOT_A_CSR, "the CSR's requested extensions do not parse");
    }
    return names;
  }

  private static String ipText(GeneralName name) {
    byte[] raw = ASN1OctetString.getInstance(name.getName()).getOctets();
    try {
      return InetAddress.getByAddress(raw).getHostAddress();
    } catch (UnknownHostException e) {
      throw new CsrRejected(CsrRule.NOT_A_CSR, "an IP SAN has " + raw.length + " bytes");
    }
  }
}
