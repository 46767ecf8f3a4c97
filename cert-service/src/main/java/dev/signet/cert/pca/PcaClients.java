package dev.signet.cert.pca;

import dev.signet.cert.CertConfig;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.AcmPcaClientBuilder;

/** Builds the ACM PCA client: URL-connection HTTP, bounded timeouts, the SDK's retry strategy. */
public final class PcaClients {

  /** The ceiling for one API call, retries included. */
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

  private PcaClients() {}

  /** Region and credentials from the default provider chains (region may be overridden). */
  public static AcmPcaClient create(CertConfig.Pca config) {
    return create(config, DefaultCredentialsProvider.builder().build());
  }

  /** As {@link #create(CertConfig.Pca)} with given credentials (tests). */
  public static AcmPcaClient create(CertConfig.Pca config, AwsCredentialsProvider credentials) {
    Duration timeout =
        config.apiTimeout().compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : config.apiTimeout();
    // Standard strategy: retries throttling (ThrottlingException) and transient errors with
    // jittered exponential backoff, within the call timeout.
    BackoffStrategy backoff =
        BackoffStrategy.exponentialDelay(config.retryBaseDelay(), Duration.ofSeconds(2));
    AcmPcaClientBuilder builder =
        AcmPcaClient.builder()
            .credentialsProvider(credentials)
            .httpClientBuilder(
                UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .apiCallTimeout(timeout)
                    .apiCallAttemptTimeout(timeout)
                    .retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(4)
                            .backoffStrategy(backoff)
                            .throttlingBackoffStrategy(backoff)
                            .build())
                    .build());
    config.region().map(Region::of).ifPresent(builder::region);
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
