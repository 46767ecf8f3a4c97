package dev.signet.deploy.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * keyring-service, token-service and admin-api from their packaged jars, wired to each other like
 * {@code deploy/run-local.sh} does (prod profile, same SIGNET_ variables), on random ports of
 * 127.0.0.1 against a fresh database. Closing stops them and drops the database.
 */
public final class SuiteProcesses implements AutoCloseable {

  /** A client id and its secret. */
  public record Client(String clientId, String secret) {}

  /**
   * Every Signet service by the name admin-api knows it under; each has its own internal account.
   */
  private static final List<String> INTERNAL_SERVICES =
      List.of("token", "keyring", "delegation", "cert", "admin");

  /** What {@link #start()} runs: enough for the token and admin suites. */
  private static final List<String> CORE_SERVICES =
      List.of("keyring-service", "token-service", "admin-api");

  /** What {@link #startAll} runs: every service, in k8s/base's order. */
  private static final List<String> ALL_SERVICES =
      List.of(
          "keyring-service", "token-service", "delegation-service", "cert-service", "admin-api");

  /**
   * Three to five JVMs migrating and starting at once on a shared 2-core machine take their time.
   */
  private static final Duration STARTUP = Duration.ofSeconds(240);

  /** Ports the lead's benchmarks and run-local.sh use; never take them even when free. */
  private static final Set<Integer> RESERVED_PORTS =
      Set.of(8081, 8082, 8083, 8084, 8085, 18081, 18082, 18083, 18084, 18085);

  private static final SecureRandom RANDOM = new SecureRandom();

  public final SuiteDatabase database;
  private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Client bootstrap = new Client("e2e-bootstrap-admin", randomSecret());
  private final Map<String, Client> internal = internalAccounts();
  private final String masterKeys = "1=" + randomKey();
  private final String hmacKeys = "1=" + randomKey();
  // Hex, as deploy/run-local.sh's: a base64 '+' or '/' in a client secret sent with HTTP Basic is
  // form-encoded by one side and not decoded by the other, so the console failed 1 run in 3.
  private final String consoleSecret =
      (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
  private final Thread shutdownHook = new Thread(this::stopAll, "signet-e2e-stop");

  private Map<String, Path> jars = Map.of();
  private Path logDir;

  /** Settings added to (or replacing) a service's defaults, by service name. */
  private final Map<String, Map<String, String>> overrides;

  /** The services this suite runs, in start order. */
  private final List<String> serviceNames;

  private SuiteProcesses(
      SuiteDatabase database,
      Map<String, Map<String, String>> overrides,
      List<String> serviceNames) {
    this.database = database;
    this.overrides = overrides;
    this.serviceNames = serviceNames;
  }

  /** Starts the three services and waits until each reports ready; fails with their logs. */
  public static SuiteProcesses start() {
    return start("e2e-logs", Map.of());
  }

  /**
   * {@link #start()} with {@code overrides} (service name, e.g. {@code token-service}, to the
   * variables it gets on top of the defaults), each service's log in {@code deploy/target/<logs>},
   * so two starts in one JVM do not overwrite each other's logs.
   */
  public static SuiteProcesses start(String logs, Map<String, Map<String, String>> overrides) {
    return start(logs, overrides, CORE_SERVICES);
  }

  /**
   * {@link #start(String, Map)} with all five services: delegation-service and cert-service (local
   * CA) too, for the attack suite. The other suites stay at three, which start faster.
   */
  public static SuiteProcesses startAll(String logs, Map<String, Map<String, String>> overrides) {
    return start(logs, overrides, ALL_SERVICES);
  }

  private static SuiteProcesses start(
      String logs, Map<String, Map<String, String>> overrides, List<String> serviceNames) {
    for (String service : overrides.keySet()) {
      if (!serviceNames.contains(service)) {
        throw new IllegalArgumentException("no service " + service + " in " + serviceNames);
      }
    }
    Path root = Path.of(System.getProperty("signet.repo.root", "..")).toAbsolutePath().normalize();
    Map<String, Path> jars = packagedJars(root, serviceNames);
    Path logDir = root.resolve("deploy/target").resolve(logs);
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SuiteProcesses suite =
        new SuiteProcesses(SuiteDatabase.create(), Map.copyOf(overrides), serviceNames);
    suite.jars = jars;
    suite.logDir = logDir;
    // From here on a failure (or Ctrl-C of the build) must not leave JVMs or the database behind.
    Runtime.getRuntime().addShutdownHook(suite.shutdownHook);
    try {
      suite.pickPorts();
      for (String service : serviceNames) {
        suite.services.put(
            service,
            ServiceProcess.start(
                service,
                jars.get(service),
                suite.ports.get(service),
                suite.settings(service),
                logDir));
      }
      suite.awaitReady();
      return suite;
    } catch (RuntimeException | Error e) {
      suite.close();
      throw e;
    }
  }

  /**
   * The jars built earlier in the same reactor (deploy/pom.xml orders the build after them).
   * Missing jars fail the run: skipping would hide that the suite was never exercised.
   */
  private static Map<String, Path> packagedJars(Path root, List<String> serviceNames) {
    Map<String, Path> jars = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String service : serviceNames) {
      Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
      jars.put(service, jar);
      if (!Files.isRegularFile(jar)) {
        missing.add(jar.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new AssertionError(
          "SuiteLifecycleIT runs the packaged services, but these jars are missing: "
              + missing
              + "\nBuild them in the same reactor (./mvnw -B -pl"
              + " common,keyring-service,token-service,delegation-service,cert-service,admin-api,deploy"
              + " verify) or first run ./mvnw -B -DskipTests -pl"
              + " common,keyring-service,token-service,delegation-service,cert-service,admin-api"
              + " package");
    }
    return jars;
  }

  private void pickPorts() {
    Set<Integer> taken = new HashSet<>();
    for (String service : serviceNames) {
      int port;
      do {
        port = freePort();
      } while (RESERVED_PORTS.contains(port) || !taken.add(port));
      ports.put(service, port);
    }
  }

  /**
   * A port the OS just handed out as free. Another process could take it before the service binds;
   * that is rare and shows as a startup failure with the "Address already in use" log.
   */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Secrets go only where k8s/base puts them (master keys to the services that sign, the bootstrap
   * admin to admin-api), so a service that silently needs one more fails here first.
   */
  private Map<String, String> settings(String service) {
    Map<String, String> env = sharedSettings();
    // Each process authenticates its internal calls (audit delivery, ...) as its own account.
    Client own = internal.get(internalName(service));
    env.put("SIGNET_INTERNAL_CLIENT_ID", own.clientId());
    env.put("SIGNET_INTERNAL_CLIENT_SECRET", own.secret());
    switch (service) {
      case "keyring-service" -> env.put("SIGNET_KEYRING_MASTER_KEYS", masterKeys);
      case "token-service" -> {
        env.put("SIGNET_KEYRING_MASTER_KEYS", masterKeys);
        env.put("SIGNET_USAGE_ADMIN_URL", adminUrl());
        if (serviceNames.contains("delegation-service")) {
          // The delegation check and policy decisions of delegated and governed tokens.
          env.put("SIGNET_DELEGATION_URL", delegationUrl());
        }
        // The service-account cache keeps its production TTL (60 s, longer than any wait
        // here): rotation and disable must reach token-service through admin-api's NOTIFY.
        // Pages: served under localhost (passkeys refuse an IP address), as run-local.sh does;
        // the welcome page redeems invites at admin-api; the console is a client of the code grant.
        String pages = pagesOrigin();
        env.put("SIGNET_TOKEN_PAGES_ORIGINS", pages);
        env.put("SIGNET_TOKEN_PAGES_CANONICAL_ORIGIN", pages);
        env.put("SIGNET_TOKEN_WEBAUTHN_ORIGINS", pages);
        env.put("SIGNET_TOKEN_PAGES_ADMIN_API_URL", adminUrl());
        env.put("SIGNET_TOKEN_CONSOLE_SECRET", consoleSecret);
        env.put("SIGNET_TOKEN_CONSOLE_REDIRECT_URIS", adminUrl() + "/console/callback");
      }
      case "delegation-service" -> {
        // Only what every service gets: database, HMAC keys, JWKS, its own internal account.
      }
      case "cert-service" -> {
        // The local CA's keys are sealed with the master keys (k8s/base gives them the same).
        env.put("SIGNET_KEYRING_MASTER_KEYS", masterKeys);
        env.put("SIGNET_CERT_ISSUER", "LOCAL");
        env.put("SIGNET_CERT_CRL_BASE_URL", certUrl());
      }
      case "admin-api" -> {
        env.put("SIGNET_BOOTSTRAP_CLIENT_ID", bootstrap.clientId());
        env.put("SIGNET_BOOTSTRAP_CLIENT_SECRET", bootstrap.secret());
        // The suite sends no invitation mail anywhere: the log-only mailer is meant here.
        env.put("SIGNET_EMAIL_ALLOW_LOG_IN_PRODUCTION", "true");
        // admin-api seeds every service's internal account and takes an audit event's service
        // from the account that delivered it.
        internal.forEach(
            (name, client) -> {
              String prefix =
                  "SIGNET_ADMIN_INTERNAL_ACCOUNTS__"
                      + name.toUpperCase(java.util.Locale.ROOT)
                      + "__";
              env.put(prefix + "CLIENT_ID", client.clientId());
              env.put(prefix + "CLIENT_SECRET", client.secret());
            });
        env.put("SIGNET_ADMIN_TOKEN_SERVICE_URL", tokenUrl());
        env.put("SIGNET_ADMIN_CONSOLE_CLIENT_SECRET", consoleSecret);
        env.put("SIGNET_ADMIN_CONSOLE_SECURE_COOKIE", "false");
        // The console's key pages call keyring-service with the person's token.
        env.put("SIGNET_ADMIN_KEYRING_URL", keyringUrl());
        // admin-api reuses token-service's "still active" answer for a bearer token this long
        // (10 s in production); shorter so the revoked-token check does not wait it out.
        env.put("SIGNET_AUTH_REVOCATION_CACHE_TTL", "2s");
      }
      default -> throw new IllegalArgumentException(service);
    }
    env.putAll(overrides.getOrDefault(service, Map.of()));
    return env;
  }

  /**
   * Stops one service and starts it again on its port with {@code changed} on top of its settings
   * (a rotated secret, say), then waits until it is ready. The new process logs to {@code
   * restart-<n>/<service>.log} beside the first log.
   */
  public synchronized void restart(String service, Map<String, String> changed) {
    ServiceProcess running = services.get(service);
    if (running == null) {
      throw new IllegalArgumentException("no service " + service + " in " + serviceNames);
    }
    running.stop();
    Map<String, String> env = settings(service);
    env.putAll(changed);
    restarts++;
    Path log = logDir.resolve("restart-" + restarts);
    try {
      Files.createDirectories(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    services.put(
        service, ServiceProcess.start(service, jars.get(service), ports.get(service), env, log));
    awaitReady();
  }

  private int restarts;

  /** The HMAC key list every service starts with ({@code 1=<base64>}). */
  public String hmacKeys() {
    return hmacKeys;
  }

  /** A fresh 256-bit key, base64, for a test that rotates one. */
  public static String newKey() {
    return randomKey();
  }

  /** What every service gets: database, keys, issuer, where admin-api and the JWKS are. */
  private Map<String, String> sharedSettings() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SIGNET_DB_URL", database.url());
    env.put("SIGNET_DB_USERNAME", database.user());
    env.put("SIGNET_DB_PASSWORD", database.password());
    env.put("SIGNET_SECRETS_HMAC_KEYS", hmacKeys);
    env.put("SIGNET_ISSUER", issuer());
    env.put("SIGNET_TOKEN_JWKS_URI", keyringUrl() + "/.well-known/jwks.json");
    env.put("SIGNET_INTERNAL_TOKEN_URL", tokenUrl() + "/oauth2/token");
    env.put("SIGNET_AUDIT_ADMIN_URL", adminUrl());
    // Audit events (and so incidents) reach admin-api within about a second: the shortest
    // interval Quarkus' scheduler runs (below 1 s it warns and delays), pinned here so a longer
    // default would not slow the test. A delivery that failed while admin-api was still starting
    // is retried within seconds, not after a back-off of minutes.
    env.put("SIGNET_AUDIT_DISPATCH_INTERVAL", "1s");
    env.put("SIGNET_AUDIT_RETRY_MAX_BACKOFF", "2s");
    // Three JVMs start at once: give Flyway's first connection more than the default 5 s.
    env.put("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60S");
    // Plain text logs: their tail goes into failure messages, read by people.
    env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
    return env;
  }

  private void awaitReady() {
    try {
      Eventually.await(
          String.join(", ", serviceNames) + " answer 200 on /q/health/ready",
          STARTUP,
          () ->
              services.values().stream()
                  .filter(s -> !s.ready())
                  .map(ServiceProcess::name)
                  .collect(Collectors.toList()),
          List::isEmpty);
    } catch (AssertionError | IllegalStateException e) {
      throw new AssertionError("suite did not start: " + e.getMessage() + "\n" + describe(), e);
    }
  }

  /** One internal account per service, as run-local.sh generates them. */
  private static Map<String, Client> internalAccounts() {
    Map<String, Client> accounts = new LinkedHashMap<>();
    for (String name : INTERNAL_SERVICES) {
      accounts.put(name, new Client("e2e-internal-" + name, randomSecret()));
    }
    return accounts;
  }

  /** token-service -> token, keyring-service -> keyring, admin-api -> admin. */
  private static String internalName(String service) {
    return service.equals("admin-api") ? "admin" : service.replace("-service", "");
  }

  /** The internal account (scope signet:internal) of a service: token, keyring, admin, ... */
  public Client internal(String service) {
    Client c = internal.get(service);
    if (c == null) {
      throw new IllegalArgumentException("no internal account for " + service);
    }
    return c;
  }

  public String tokenUrl() {
    return url("token-service");
  }

  /** Where a browser opens token-service's pages: its port under the name localhost. */
  public String pagesOrigin() {
    return tokenUrl().replace("://127.0.0.1:", "://localhost:");
  }

  public String keyringUrl() {
    return url("keyring-service");
  }

  public String adminUrl() {
    return url("admin-api");
  }

  /** delegation-service's URL; only in a suite from {@link #startAll}. */
  public String delegationUrl() {
    return url("delegation-service");
  }

  /** cert-service's URL; only in a suite from {@link #startAll}. */
  public String certUrl() {
    return url("cert-service");
  }

  /** The iss of every token (token-service's own URL, as run-local.sh sets it). */
  public String issuer() {
    return tokenUrl();
  }

  /** The admin client admin-api seeds at start, with scope signet:admin. */
  public Client bootstrap() {
    return bootstrap;
  }

  private String url(String service) {
    Integer port = ports.get(service);
    if (port == null) {
      throw new IllegalStateException(
          service + " is not part of this suite (" + serviceNames + ")");
    }
    return "http://127.0.0.1:" + port;
  }

  /** The last log lines of every service, for a failure message. */
  public String describe() {
    return services.values().stream()
        .map(ServiceProcess::describe)
        .collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs stopAll itself
    }
    stopAll();
  }

  private synchronized void stopAll() {
    services.values().forEach(ServiceProcess::stop);
    database.close();
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static String randomSecret() {
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }
}
