package dev.signet.admin.mail;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Production refuses the log-only mailer unless it is explicitly allowed. */
class LogMailerInProductionTest {

  private static EmailConfig config(boolean allowed) {
    return new EmailConfig() {
      @Override
      public Sender sender() {
        return Sender.LOG;
      }

      @Override
      public String from() {
        return "signet@localhost";
      }

      @Override
      public Optional<String> region() {
        return Optional.empty();
      }

      @Override
      public Optional<URI> endpointOverride() {
        return Optional.empty();
      }

      @Override
      public Duration timeout() {
        return Duration.ofSeconds(10);
      }

      @Override
      public boolean allowLogInProduction() {
        return allowed;
      }
    };
  }

  @Test
  void productionRefusesTheLogMailer() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> EmailSenders.refuseLogInProduction(config(false), true));
    assertTrue(refused.getMessage().contains("SIGNET_EMAIL_SENDER=SES"), refused.getMessage());
  }

  @Test
  void explicitlyAllowedOrOutsideProductionItStarts() {
    assertDoesNotThrow(() -> EmailSenders.refuseLogInProduction(config(true), true));
    assertDoesNotThrow(() -> EmailSenders.refuseLogInProduction(config(false), false));
  }

  @Test
  void theLogMailerRecordsNoBody() {
    OutgoingMail mail =
        new OutgoingMail("a@example.com", "invite", "s", "token=secret", "<a>token=secret</a>");
    assertTrue(!mail.toString().contains("secret"), mail.toString());
    assertDoesNotThrow(() -> new LogEmailSender().send(mail).await().indefinitely());
  }
}
