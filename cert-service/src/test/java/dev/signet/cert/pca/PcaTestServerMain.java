package dev.signet.cert.pca;

/**
 * Runs the local ACM PCA on its own for the issuance bench ({@code bench/load/cert-load.sh}):
 * {@code java -cp ... dev.signet.cert.pca.PcaTestServerMain PORT [IN_PROGRESS_POLLS]}. Stops with
 * the JVM.
 */
public final class PcaTestServerMain {

  private PcaTestServerMain() {}

  public static void main(String[] args) throws Exception {
    PcaTestServer server = new PcaTestServer(Integer.parseInt(args[0]));
    server.inProgressPolls = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("PCA test server on " + server.endpoint());
    Thread.currentThread().join();
  }
}
