package dev.signet.deploy.suite;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one suite start every suite IT class of a JVM shares (starting three JVMs costs far more than
 * any test): keyring-service, token-service and admin-api from their jars ({@link SuiteProcesses}),
 * token-service's client, and admin-api's client with the bootstrap admin's token. Stopped when
 * JUnit closes its root store, or by {@link SuiteProcesses}' shutdown hook. Tests share one
 * database, so each makes its own accounts and keys and leaves the shared ones usable.
 */
final class SharedSuite implements AutoCloseable {

  /** Starts the suite once (the first suite class) and stops it at the end of the run. */
  static final class Started implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(SharedSuite.class);

    @Override
    public void beforeAll(ExtensionContext context) {
      SharedSuite suite = get();
      context
          .getRoot()
          .getStore(NAMESPACE)
          .getOrComputeIfAbsent(SharedSuite.class, k -> suite, SharedSuite.class);
    }
  }

  /**
   * token-service trusts a loaded key set and active key this long without a change notification
   * (30 s in production). Far longer than any wait of the suite, so a key change can only reach
   * token-service within a test's bound through keyring-service's NOTIFY, never by the cache
   * expiring on its own.
   */
  static final String KEY_CACHE_TTL = "30m";

  /** Renewed well before the default 15 min access token lifetime runs out. */
  private static final Duration ADMIN_TOKEN_REUSE = Duration.ofMinutes(5);

  private static SharedSuite instance;
  private static RuntimeException startFailure;

  final SuiteProcesses processes;

  /** Where admin-api's invitation mail goes (the real SES client, a local SESv2 endpoint). */
  final SesMailbox mail;

  final TokenServiceClient oauth;
  final AdminApiClient admin;
  private String adminToken;
  private Instant adminTokenAt = Instant.EPOCH;

  private SharedSuite(SuiteProcesses processes, SesMailbox mail) {
    this.processes = processes;
    this.mail = mail;
    this.oauth = new TokenServiceClient(processes.tokenUrl());
    this.admin = new AdminApiClient(processes.adminUrl(), this::adminToken);
  }

  /** The shared suite; a start that failed fails every class at once instead of starting again. */
  static synchronized SharedSuite get() {
    if (startFailure != null) {
      throw startFailure;
    }
    if (instance == null) {
      SuiteProcesses processes;
      SesMailbox mail;
      try {
        mail = new SesMailbox();
        processes =
            SuiteProcesses.start(
                "e2e-logs/suite",
                Map.of(
                    "token-service",
                    Map.of("SIGNET_KEYRING_CACHE_TTL", KEY_CACHE_TTL),
                    "admin-api",
                    mail.adminSettings()));
      } catch (RuntimeException | AssertionError | java.io.IOException e) {
        startFailure = new IllegalStateException("the suite did not start: " + e, e);
        throw startFailure;
      }
      SharedSuite suite = new SharedSuite(processes, mail);
      try {
        // Ready is not yet usable: keyring creates and activates the first signing key on its own.
        suite.adminToken();
      } catch (RuntimeException | AssertionError e) {
        processes.close();
        startFailure =
            new IllegalStateException(
                "no admin token from the started suite: " + e + "\n" + processes.describe(), e);
        throw startFailure;
      }
      instance = suite;
    }
    return instance;
  }

  /** A fresh enough signet:admin token of the bootstrap admin. */
  synchronized String adminToken() {
    if (adminToken == null || Instant.now().isAfter(adminTokenAt.plus(ADMIN_TOKEN_REUSE))) {
      adminToken =
          oauth.awaitToken(processes.bootstrap(), "signet:admin").getString("access_token");
      adminTokenAt = Instant.now();
    }
    return adminToken;
  }

  /**
   * Forgets the cached admin token: a test that revoked a signing key calls this, in case the token
   * was signed by that key.
   */
  synchronized void forgetAdminToken() {
    adminToken = null;
  }

  @Override
  public void close() {
    processes.close();
    mail.close();
  }
}
