package dev.signet.deploy.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Signet service running from its packaged jar as a child JVM on 127.0.0.1, its output in a log
 * file, so the suite test exercises exactly what {@code deploy/run-local.sh} and the images run.
 */
final class ServiceProcess {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final int port;
  private final Path log;
  private final Process process;

  private ServiceProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code java -Xmx128m -jar jar} with exactly the given Signet/Quarkus settings: the
   * caller's own SIGNET_ and QUARKUS_ variables are dropped so a developer's shell (a
   * SIGNET_DB_URL, say) cannot point the suite at another database or service.
   */
  static ServiceProcess start(
      String name, Path jar, int port, Map<String, String> settings, Path logDir) {
    Path log = logDir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(logDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("SIGNET_") || k.startsWith("QUARKUS_"));
    env.putAll(settings);
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    try {
      return new ServiceProcess(name, port, log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  String name() {
    return name;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Whether {@code /q/health/ready} answers 200; fails at once if the process died. */
  boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue());
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Where the log is and its last lines, for failure messages. */
  String describe() {
    return "--- last lines of " + log + " (stack frames left out) ---\n" + tail(40);
  }

  private String tail(int lines) {
    try {
      if (!Files.exists(log)) {
        return "(no log yet)";
      }
      // Stack frames crowd out the lines that say what went wrong; the log keeps them.
      List<String> all =
          Files.readAllLines(log, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t... "))
              .toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** SIGTERM, a few seconds for a clean shutdown, then SIGKILL: never leaves a JVM behind. */
  void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }
}
