package dev.signet.cert.issue;

import dev.signet.cert.CertConfig;
import dev.signet.cert.local.LocalCa;
import dev.signet.cert.local.LocalIssuer;
import dev.signet.cert.pca.PcaCertificateIssuer;
import dev.signet.cert.pca.PcaIssuer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the {@link CertificateIssuer} {@code signet.cert.issuer} names. The PCA client is only
 * built for {@code AWS_PCA}, so a LOCAL deployment needs no AWS region or credentials; an {@code
 * AWS_PCA} deployment missing an ARN refuses to start and names the setting.
 */
public class Issuers {

  @Produces
  @Singleton
  CertificateIssuer issuer(CertConfig config, LocalCa local, Instance<PcaIssuer> pca) {
    return switch (config.issuer()) {
      case LOCAL -> new LocalIssuer(local);
      case AWS_PCA -> new PcaCertificateIssuer(pca.get());
    };
  }

  void check(@Observes StartupEvent start, CertConfig config) {
    List<String> missing = missing(config);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "signet.cert.issuer=AWS_PCA needs " + String.join(", ", missing));
    }
  }

  static List<String> missing(CertConfig config) {
    List<String> missing = new ArrayList<>();
    if (config.issuer() != CertConfig.CertificateIssuer.AWS_PCA) {
      return missing;
    }
    CertConfig.Pca pca = config.pca();
    if (pca.clientCaArn().isEmpty()) {
      missing.add("signet.cert.pca.client-ca-arn");
    }
    if (pca.serverCaArn().isEmpty()) {
      missing.add("signet.cert.pca.server-ca-arn");
    }
    if (pca.templateArn().isEmpty()) {
      missing.add("signet.cert.pca.template-arn");
    }
    return missing;
  }
}
