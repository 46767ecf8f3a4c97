package dev.signet.admin.mail;

import io.smallrye.mutiny.Uni;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The local mailer: records that a mail was sent, to whom and which template, and nothing of its
 * bodies (they hold the invite's secret link).
 */
final class LogEmailSender implements EmailSender {

  private static final Logger LOG = Logger.getLogger(LogEmailSender.class);

  @Override
  public Uni<String> send(OutgoingMail mail) {
    String id = "log-" + UUID.randomUUID();
    LOG.infof(
        "mail %s (%s) to %s recorded, not sent (signet.email.sender=LOG)",
        id, mail.template(), mail.to());
    return Uni.createFrom().item(id);
  }
}
