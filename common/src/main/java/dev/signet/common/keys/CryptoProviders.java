package dev.signet.common.keys;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.security.GeneralSecurityException;
import java.security.Signature;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Puts Amazon Corretto Crypto Provider (AWS-LC) first when it loads and passes its self tests,
 * because signing is the hot path (RS256 ~3x, ES256/EdDSA ~30-60x the JDK on this hardware);
 * otherwise the JDK providers stay. Logs and exports ({@code signet_crypto_provider_info}) which
 * provider signs. A native image never loads ACCP (a JNI library built for the JVM): it signs with
 * the JDK provider, and the log line says why.
 */
@ApplicationScoped
public class CryptoProviders {

  private static final Logger LOG = Logger.getLogger(CryptoProviders.class);

  void install(
      @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event,
      @ConfigProperty(name = "signet.crypto.accp-enabled", defaultValue = "true") boolean enabled,
      MeterRegistry registry) {
    String provider = enabled ? installPreferred() : signingProvider();
    LOG.infof("crypto provider for signing: %s", provider);
    Gauge.builder("signet.crypto.provider.info", () -> 1)
        .description("The security provider that signs (1 = in use)")
        .tag("provider", provider)
        .register(registry);
  }

  /**
   * Installs ACCP as the most preferred provider if it is healthy; returns the name of the provider
   * that now signs RS256. Safe to call more than once; never throws.
   */
  public static synchronized String installPreferred() {
    // GraalVM's own marker (what ImageInfo.inImageCode() reads), so this class needs no Quarkus
    // runtime and the JMH signing benchmark can call it as production does.
    if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
      // ACCP's classes are initialised at run time in a native build
      // (quarkus.native.additional-build-args in META-INF/microprofile-config.properties), so the
      // builder never loads its JNI library; here they are never touched at all.
      LOG.info("ACCP not used: native image (ACCP is a JNI library for the JVM)");
      return signingProvider();
    }
    return Accp.install();
  }

  /** Every use of ACCP, kept apart from the native-image path above. */
  private static final class Accp {
    static String install() {
      try {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        if (accp.getLoadingError() != null) {
          LOG.infof("ACCP not used: %s", accp.getLoadingError().toString());
          return signingProvider();
        }
        accp.assertHealthy();
        AmazonCorrettoCryptoProvider.install();
        accp.assertHealthy();
      } catch (Throwable e) {
        // Missing native library, other CPU or OS, failed self test: the JDK providers still work.
        LOG.infof("ACCP not used: %s", e.toString());
      }
      return signingProvider();
    }
  }

  /** Name and version of the provider that {@code SHA256withRSA} resolves to. */
  public static String signingProvider() {
    try {
      var provider = Signature.getInstance("SHA256withRSA").getProvider();
      return provider.getName() + " " + provider.getVersionStr();
    } catch (GeneralSecurityException e) {
      return "none";
    }
  }
}
