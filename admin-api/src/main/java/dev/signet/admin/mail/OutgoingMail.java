package dev.signet.admin.mail;

/**
 * One mail, rendered. {@code template} names what it is (for logs, metrics and audit), never its
 * content: the bodies carry links with secrets in them.
 */
public record OutgoingMail(String to, String template, String subject, String text, String html) {

  @Override
  public String toString() {
    return "OutgoingMail[to=" + to + ", template=" + template + "]";
  }
}
