package dev.signet.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Publishes HTTP server latency as a Prometheus histogram (buckets), so dashboards and alerts can
 * aggregate p50/p99 across replicas; Quarkus only exports count and sum by default.
 */
public class HttpHistograms {

  @Produces
  @Singleton
  MeterFilter httpServerHistograms() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().equals("http.server.requests")) {
          return DistributionStatisticConfig.builder()
              .percentilesHistogram(true)
              .build()
              .merge(config);
        }
        return config;
      }
    };
  }
}
