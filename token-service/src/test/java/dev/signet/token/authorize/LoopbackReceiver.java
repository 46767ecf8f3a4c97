package dev.signet.token.authorize;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the CLI runs during a browser login (RFC 8252 section 7.3): an HTTP listener on 127.0.0.1 on
 * a port the system picks, receiving the authorization response's query.
 */
final class LoopbackReceiver implements AutoCloseable {

  private final HttpServer server;
  private final LinkedBlockingQueue<String> queries = new LinkedBlockingQueue<>();

  LoopbackReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/callback",
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          queries.add(query == null ? "" : query);
          byte[] body =
              "<!DOCTYPE html><title>Signed in</title><h1>You can close this tab</h1>"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  String redirectUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
  }

  /** The next authorization response's raw query. */
  String next(Duration wait) throws InterruptedException {
    String query = queries.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (query == null) {
      throw new AssertionError("no authorization response reached " + redirectUri());
    }
    return query;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
