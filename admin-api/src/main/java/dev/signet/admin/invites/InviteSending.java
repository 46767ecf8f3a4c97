package dev.signet.admin.invites;

import dev.signet.admin.mail.EmailSender;
import dev.signet.admin.ratelimit.BudgetConfig;
import dev.signet.admin.ratelimit.RequestBudgets;
import dev.signet.admin.users.RoleCeiling;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import dev.signet.common.error.SafeFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Invites a person, as {@code POST /v1/invites} and the console both do: draws on the caller's
 * invitation budget, stores the invite, mails the link after the commit, and withdraws the invite
 * when the mail cannot be sent (502), so a retry is safe. The link's token is only in the mail.
 */
@ApplicationScoped
public class InviteSending {

  private static final Logger LOG = Logger.getLogger(InviteSending.class);

  private final InviteService service;
  private final InviteMails mails;
  private final EmailSender sender;
  private final MeterRegistry meters;
  private final RequestBudgets budgets;
  private final BudgetConfig limits;

  InviteSending(
      InviteService service,
      InviteMails mails,
      EmailSender sender,
      MeterRegistry meters,
      RequestBudgets budgets,
      BudgetConfig limits) {
    this.service = service;
    this.mails = mails;
    this.sender = sender;
    this.meters = meters;
    this.budgets = budgets;
    this.limits = limits;
  }

  public Uni<SentInvite> send(RoleCeiling caller, CreateInviteRequest request) {
    return budgets
        .draw("invites", caller.caller(), limits.invitesPerCaller())
        .chain(() -> service.create(caller, request))
        .chain(
            created ->
                sender
                    .send(
                        mails.invitation(
                            created.user().email,
                            created.user().displayName,
                            caller.caller(),
                            created.invite().id,
                            created.token(),
                            created.invite().expiresAt))
                    .onItem()
                    .transform(
                        messageId -> {
                          count("sent");
                          return new SentInvite(
                              InviteView.of(created.invite(), created.invite().createdAt),
                              messageId);
                        })
                    .onFailure()
                    .recoverWithUni(
                        failure -> {
                          count("mail_failed");
                          LOG.warnf(
                              "invite %s: the mail could not be sent: %s",
                              created.invite().id, SafeFailures.describe(failure));
                          return service
                              .withdrawUndelivered(created.invite().id, caller.caller())
                              .chain(
                                  () ->
                                      Uni.createFrom()
                                          .<SentInvite>failure(
                                              new ProblemException(
                                                  Problem.of(
                                                      502,
                                                      "mail-failed",
                                                      "Mail not sent",
                                                      "The invitation mail could not be sent, so"
                                                          + " the invite was withdrawn; retry"
                                                          + " shortly."))));
                        }));
  }

  private void count(String outcome) {
    meters.counter("signet_invites_total", "outcome", outcome).increment();
  }
}
