package dev.signet.cert.pca;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the local ACM PCA before Quarkus and points the service's {@code AWS_PCA} issuer at it.
 * Credentials come through the SDK's default provider chain (system properties here, IRSA in
 * Kubernetes), so the production path is the one under test.
 */
public class PcaTestResource implements QuarkusTestResourceLifecycleManager {

  static final String CLIENT_CA =
      "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/client-test";
  static final String SERVER_CA =
      "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/server-test";
  static final String CLIENT_TEMPLATE =
      "arn:aws:acm-pca:::template/EndEntityClientAuthCertificate_APIPassthrough/V1";
  static final String SERVER_TEMPLATE =
      "arn:aws:acm-pca:::template/EndEntityServerAuthCertificate_APIPassthrough/V1";

  /** The running server; tests tell it to throttle, fail or be slow. */
  static volatile PcaTestServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = new PcaTestServer();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the PCA test server", e);
    }
    System.setProperty("aws.accessKeyId", "AKIDPCATEST");
    System.setProperty("aws.secretAccessKey", "pca-test-secret");
    return Map.ofEntries(
        Map.entry("signet.cert.issuer", "AWS_PCA"),
        Map.entry("signet.cert.pca.client-ca-arn", CLIENT_CA),
        Map.entry("signet.cert.pca.server-ca-arn", SERVER_CA),
        Map.entry("signet.cert.pca.template-arn", CLIENT_TEMPLATE),
        Map.entry("signet.cert.pca.server-template-arn", SERVER_TEMPLATE),
        Map.entry("signet.cert.pca.region", "eu-west-1"),
        Map.entry("signet.cert.pca.endpoint", server.endpoint().toString()),
        Map.entry("signet.cert.pca.api-timeout", "3s"),
        Map.entry("signet.cert.pca.waiter-delay", "20ms"),
        Map.entry("signet.cert.pca.retry-base-delay", "10ms"));
  }

  @Override
  public void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (server != null) {
      server.close();
    }
  }
}
