package dev.signet.admin.invites;

import dev.signet.admin.mail.OutgoingMail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Renders the invitation mail (Qute: the HTML body is escaped, the text body is not HTML). */
@ApplicationScoped
public class InviteMails {

  static final String TEMPLATE = "invite";

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final Template text;
  private final Template html;
  private final InviteConfig config;

  InviteMails(
      @Location("mail/invite.txt") Template text,
      @Location("mail/invite.html") Template html,
      InviteConfig config) {
    this.text = text;
    this.html = html;
    this.config = config;
  }

  OutgoingMail invitation(
      String to, String name, String inviter, UUID inviteId, String token, Instant expiresAt) {
    String link =
        config.verifyUrl()
            + "?invite="
            + inviteId
            + "&token="
            + URLEncoder.encode(token, StandardCharsets.UTF_8);
    String when = WHEN.format(expiresAt);
    return new OutgoingMail(
        to,
        TEMPLATE,
        "Your Signet invitation",
        text.data("inviter", inviter)
            .data("name", name)
            .data("link", link)
            .data("expiresAt", when)
            .render(),
        html.data("inviter", inviter)
            .data("name", name)
            .data("link", link)
            .data("expiresAt", when)
            .render());
  }
}
