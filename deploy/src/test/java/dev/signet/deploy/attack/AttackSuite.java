package dev.signet.deploy.attack;

import dev.signet.deploy.suite.Eventually;
import dev.signet.deploy.suite.SuiteDatabase;
import dev.signet.deploy.suite.SuiteProcesses;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one suite start every attack class of a JVM shares: keyring-service, token-service,
 * delegation-service, cert-service and admin-api from their jars ({@link SuiteProcesses}), an admin
 * account of its own (so an attack that succeeds against the bootstrap account does not take the
 * other classes down with it) and a plain account that introspects. Stopped when JUnit closes its
 * root store, or by {@link SuiteProcesses}' shutdown hook.
 */
final class AttackSuite implements AutoCloseable {

  /** Starts the suite once (the first attack class) and stops it at the end of the run. */
  static final class Started implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(AttackSuite.class);

    @Override
    public void beforeAll(ExtensionContext context) {
      AttackSuite suite = get();
      context
          .getRoot()
          .getStore(NAMESPACE)
          .getOrComputeIfAbsent(AttackSuite.class, k -> suite, AttackSuite.class);
    }
  }

  /**
   * cert-service with the ext_authz route on (off by default) and a small hourly quota, so the
   * quota attack exhausts it in a few requests; the other certificate attacks never get a
   * certificate, and each uses an account of its own. token-service treats {@code sdgov.} scopes as
   * policy-governed (only {@link SuiteDelegationIT} uses them).
   */
  private static final java.util.Map<String, java.util.Map<String, String>> SETTINGS =
      java.util.Map.of(
          "cert-service",
          java.util.Map.of(
              "SIGNET_CERT_EXT_AUTHZ_ENABLED", "true", "SIGNET_CERT_QUOTA_PER_HOUR", "3"),
          "token-service",
          java.util.Map.of("SIGNET_DECISIONS_GOVERNED_SCOPES", SuiteDelegationIT.GOVERNED + "*"));

  private static AttackSuite instance;
  private static RuntimeException startFailure;

  final SuiteProcesses processes;
  final Signet signet;

  private AttackSuite(SuiteProcesses processes) {
    this.processes = processes;
    this.signet = new Signet(this);
  }

  /** The shared suite; a start that failed fails every class at once instead of starting again. */
  static synchronized AttackSuite get() {
    if (startFailure != null) {
      throw startFailure;
    }
    if (instance == null) {
      SuiteProcesses processes;
      try {
        processes = SuiteProcesses.startAll("e2e-attack-logs", SETTINGS);
      } catch (RuntimeException | AssertionError e) {
        startFailure = new IllegalStateException("the attack suite did not start: " + e, e);
        throw startFailure;
      }
      AttackSuite suite = new AttackSuite(processes);
      try {
        suite.signet.setUp();
      } catch (RuntimeException | AssertionError e) {
        processes.close();
        startFailure =
            new IllegalStateException(
                "the attack suite's accounts could not be set up: "
                    + e
                    + "\n"
                    + processes.describe(),
                e);
        throw startFailure;
      }
      instance = suite;
    }
    return instance;
  }

  String tokenUrl() {
    return processes.tokenUrl();
  }

  String keyringUrl() {
    return processes.keyringUrl();
  }

  String adminUrl() {
    return processes.adminUrl();
  }

  String delegationUrl() {
    return processes.delegationUrl();
  }

  String certUrl() {
    return processes.certUrl();
  }

  Client bootstrap() {
    return processes.bootstrap();
  }

  /** A JDBC connection to the suite's database, in schema signet (as the services use it). */
  Connection db() {
    SuiteDatabase database = processes.database;
    try {
      return DriverManager.getConnection(
          "jdbc:" + database.url() + "?currentSchema=signet", database.user(), database.password());
    } catch (SQLException e) {
      throw new IllegalStateException("no connection to the suite database: " + e, e);
    }
  }

  @Override
  public void close() {
    processes.close();
  }

  /** Waits on {@link Eventually} with a bound of {@code seconds}. */
  static <T> T within(
      int seconds,
      String what,
      java.util.function.Supplier<T> probe,
      java.util.function.Predicate<T> accept) {
    return Eventually.await(what, Duration.ofSeconds(seconds), probe, accept);
  }
}
