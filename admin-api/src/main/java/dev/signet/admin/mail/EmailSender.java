package dev.signet.admin.mail;

import io.smallrye.mutiny.Uni;

/** Sends a rendered mail; the item is the provider's message id. */
public interface EmailSender {

  Uni<String> send(OutgoingMail mail);
}
