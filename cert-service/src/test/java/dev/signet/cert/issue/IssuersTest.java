package dev.signet.cert.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.cert.CertConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AWS_PCA without its ARNs refuses to start and names what is missing; LOCAL needs none. */
class IssuersTest {

  @Test
  void awsPcaNamesEveryMissingSetting() {
    assertEquals(
        List.of("signet.cert.pca.server-ca-arn", "signet.cert.pca.template-arn"),
        Issuers.missing(
            config(
                Map.of(
                    "signet.cert.issuer", "AWS_PCA",
                    "signet.cert.pca.client-ca-arn",
                        "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/c"))));
  }

  @Test
  void localNeedsNoAwsSetting() {
    assertEquals(List.of(), Issuers.missing(config(Map.of())));
  }

  private static CertConfig config(Map<String, String> values) {
    return new SmallRyeConfigBuilder()
        .withMapping(CertConfig.class)
        // Quarkus' "2h" durations, as the running service reads them.
        .withConverter(Duration.class, 200, new DurationConverter())
        .withDefaultValues(values)
        .build()
        .getConfigMapping(CertConfig.class);
  }
}
