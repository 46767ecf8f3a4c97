package dev.signet.client;

/**
 * No usable answer: the server could not be reached, timed out, or answered something that is
 * neither the expected JSON nor an error body (a proxy's HTML page, say).
 */
public final class TransportException extends SignetException {

  public TransportException(String message, int status, Throwable cause) {
    super(message, status, cause);
  }
}
