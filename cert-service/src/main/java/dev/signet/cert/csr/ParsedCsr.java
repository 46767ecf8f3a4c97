package dev.signet.cert.csr;

import java.security.PublicKey;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A CSR whose signature verified and whose key passed the key rules.
 *
 * @param request the parsed request
 * @param publicKey its public key
 * @param keyDescription e.g. {@code RSA-2048}, {@code EC-P-256}, {@code Ed25519} (for audit)
 * @param dnsNames DNS SANs requested, as sent
 * @param ipAddresses IP SANs requested, textual
 * @param otherNames any other requested SAN kinds (e-mail, URI, ...), as {@code kind:value}
 */
public record ParsedCsr(
    PKCS10CertificationRequest request,
    PublicKey publicKey,
    String keyDescription,
    List<String> dnsNames,
    List<String> ipAddresses,
    List<String> otherNames) {}
