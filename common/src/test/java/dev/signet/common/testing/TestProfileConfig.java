package dev.signet.common.testing;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;

/**
 * The service's configuration in the test profile as a test JVM reads it without hosting the
 * service ({@code @QuarkusIntegrationTest}): the module's application.properties over common's
 * microprofile-config.properties, under the environment and system properties. Test resources'
 * settings (the database) are not in it: they go to the launched service.
 */
public final class TestProfileConfig {

  private TestProfileConfig() {}

  public static SmallRyeConfig load() {
    SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withProfile("test");
    builder.addDefaultSources();
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      for (URL url : Collections.list(loader.getResources("application.properties"))) {
        // Quarkus reads application.properties at ordinal 250, above microprofile-config (100).
        builder.withSources(new PropertiesConfigSource(url, 250));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return builder.build();
  }
}
