package dev.signet.admin.mail;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Sends through SESv2 SendEmail with a text and an HTML body. The SDK client blocks, so the call
 * runs on a worker thread; the answer comes back on the caller's Vert.x context, where the reactive
 * session that follows must run.
 */
final class SesEmailSender implements EmailSender {

  private final SesV2Client ses;
  private final String from;

  SesEmailSender(SesV2Client ses, String from) {
    this.ses = ses;
    this.from = from;
  }

  @Override
  public Uni<String> send(OutgoingMail mail) {
    SendEmailRequest request =
        SendEmailRequest.builder()
            .fromEmailAddress(from)
            .destination(Destination.builder().toAddresses(mail.to()).build())
            .content(
                EmailContent.builder()
                    .simple(
                        Message.builder()
                            .subject(utf8(mail.subject()))
                            .body(
                                Body.builder()
                                    .text(utf8(mail.text()))
                                    .html(utf8(mail.html()))
                                    .build())
                            .build())
                    .build())
            .build();
    Context context = Vertx.currentContext();
    Uni<String> sent =
        Uni.createFrom()
            .item(() -> ses.sendEmail(request).messageId())
            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    return context == null ? sent : sent.emitOn(onContext(context));
  }

  private static Executor onContext(Context context) {
    return task -> context.runOnContext(ignored -> task.run());
  }

  private static Content utf8(String data) {
    return Content.builder().charset("UTF-8").data(data).build();
  }
}
