package dev.signet.cert.pca;

import dev.signet.cert.CertConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes the PCA issuer with the real client. Only looked up when {@code signet.cert.issuer} is
 * {@code AWS_PCA}, so a LOCAL deployment needs no AWS region or credentials.
 */
public class PcaIssuers {

  @Produces
  @Singleton
  PcaIssuer pcaIssuer(CertConfig config, MeterRegistry registry) {
    return new PcaIssuer(PcaClients.create(config.pca()), config.pca(), registry);
  }

  void close(@Disposes PcaIssuer issuer) {
    issuer.close();
  }
}
