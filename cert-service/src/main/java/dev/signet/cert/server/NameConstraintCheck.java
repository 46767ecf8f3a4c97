package dev.signet.cert.server;

import dev.signet.cert.csr.CsrRejected;
import dev.signet.cert.csr.CsrRule;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraintValidatorException;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PKIXNameConstraintValidator;

/**
 * Checks names against the issuing CA certificate's own name constraints before anything is sent to
 * the CA: a CA would sign them anyway, and every relying party would then refuse the chain. The RFC
 * 5280 matching is BouncyCastle's {@link PKIXNameConstraintValidator}, the one its path validation
 * uses, so the answer is the one a verifier will give.
 */
public final class NameConstraintCheck {

  private NameConstraintCheck() {}

  /**
   * @throws CsrRejected {@code name-constraint} for the first name outside the constraints
   */
  public static void check(X509Certificate ca, List<GeneralName> names, List<String> shown) {
    byte[] extension = ca.getExtensionValue(Extension.nameConstraints.getId());
    if (extension == null) {
      return;
    }
    NameConstraints constraints =
        NameConstraints.getInstance(ASN1OctetString.getInstance(extension).getOctets());
    PKIXNameConstraintValidator validator = new PKIXNameConstraintValidator();
    if (constraints.getPermittedSubtrees() != null) {
      validator.intersectPermittedSubtree(constraints.getPermittedSubtrees());
    }
    if (constraints.getExcludedSubtrees() != null) {
      for (GeneralSubtree excluded : constraints.getExcludedSubtrees()) {
        validator.addExcludedSubtree(excluded);
      }
    }
    for (int i = 0; i < names.size(); i++) {
      try {
        validator.checkPermitted(names.get(i));
        validator.checkExcluded(names.get(i));
      } catch (NameConstraintValidatorException e) {
        throw new CsrRejected(
            CsrRule.NAME_CONSTRAINT,
            "'" + shown.get(i) + "' is outside the issuing CA's name constraints");
      }
    }
  }
}
