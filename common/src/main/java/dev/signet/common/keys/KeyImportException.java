package dev.signet.common.keys;

/**
 * An operator-supplied key could not be used. The message names the setting and says what is wrong;
 * it carries no stack trace and never any key material.
 */
public class KeyImportException extends RuntimeException {

  public KeyImportException(String message) {
    super(message, null, false, false);
  }
}
