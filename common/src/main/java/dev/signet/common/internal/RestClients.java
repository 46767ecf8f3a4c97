package dev.signet.common.internal;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * REST clients whose URL comes from this service's own settings at run time (not from {@code
 * quarkus.rest-client.*}), with one timeout for connecting and reading.
 */
public final class RestClients {

  private RestClients() {}

  public static <T> T build(Class<T> api, String url, Duration timeout) {
    long millis = timeout.toMillis();
    return QuarkusRestClientBuilder.newBuilder()
        .baseUri(URI.create(url))
        .connectTimeout(millis, TimeUnit.MILLISECONDS)
        .readTimeout(millis, TimeUnit.MILLISECONDS)
        .build(api);
  }
}
