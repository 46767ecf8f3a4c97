package dev.signet.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder that tests switch off and on to make a dependency (the database,
 * admin-api) unreachable and then come back, on the same port.
 */
public final class TcpProxy implements AutoCloseable {

  private final int port;
  private final String targetHost;
  private volatile int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;

  private TcpProxy(int port, String targetHost, int targetPort) {
    this.port = port;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** A proxy on a free port, not yet listening. */
  public static TcpProxy to(String targetHost, int targetPort) {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new TcpProxy(probe.getLocalPort(), targetHost, targetPort);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  public void retarget(int newTargetPort) {
    this.targetPort = newTargetPort;
  }

  /** Starts accepting connections and forwarding them. */
  public synchronized TcpProxy start() {
    if (listener != null) {
      return this;
    }
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      listener = server;
      Thread acceptor = new Thread(() -> acceptLoop(server), "tcp-proxy-" + port);
      acceptor.setDaemon(true);
      acceptor.start();
      return this;
    } catch (IOException e) {
      throw new IllegalStateException("proxy could not listen on " + port, e);
    }
  }

  /** Stops listening and cuts every open connection, as a crashed peer would. */
  public synchronized void stop() {
    ServerSocket server = listener;
    listener = null;
    closeQuietly(server);
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  @Override
  public void close() {
    stop();
  }

  private void acceptLoop(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream;
        try {
          upstream = new Socket(targetHost, targetPort);
        } catch (IOException refused) {
          closeQuietly(client);
          continue;
        }
        open.add(client);
        open.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        // listener closed or upstream refused: the client sees its connection drop
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException ignored) {
                // either side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "tcp-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing anyway
      }
    }
  }
}
