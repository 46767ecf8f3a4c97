package dev.signet.token.passkey;

import dev.signet.token.session.PageException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Redeems an invite through admin-api and turns its refusals into page errors carrying admin-api's
 * own sentence (used, withdrawn, expired), so the person reads why and what to do.
 */
@ApplicationScoped
public class InviteRedeemer {

  private static final Logger LOG = Logger.getLogger(InviteRedeemer.class);

  /** admin-api's sentences are short; anything longer is not one of them. */
  private static final int MAX_DETAIL = 300;

  private static final String UNAVAILABLE =
      "Invites cannot be redeemed right now. Try the link again in a few minutes.";

  private final AdminVerifyClient admin;

  InviteRedeemer(@RestClient AdminVerifyClient admin) {
    this.admin = admin;
  }

  public Uni<InviteRedemption> redeem(InviteLink link) {
    return admin
        .verify(link.invite().toString(), link.token())
        // The client turns a 4xx into an exception; its response still has admin-api's answer.
        .onFailure(WebApplicationException.class)
        .recoverWithItem(failure -> ((WebApplicationException) failure).getResponse())
        .onFailure()
        .transform(
            failure -> {
              LOG.warnf(
                  "admin-api did not answer an invite redemption: %s",
                  failure.getClass().getSimpleName());
              return new PageException(503, UNAVAILABLE);
            })
        .map(InviteRedeemer::answer);
  }

  private static InviteRedemption answer(Response response) {
    try (response) {
      int status = response.getStatus();
      if (status == 200) {
        InviteRedemption redemption = response.readEntity(InviteRedemption.class);
        if (redemption == null
            || redemption.userId() == null
            || redemption.keyEnrollmentToken() == null) {
          throw new PageException(503, UNAVAILABLE);
        }
        return redemption;
      }
      throw refusal(status, detail(response));
    }
  }

  private static PageException refusal(int status, String detail) {
    switch (status) {
      case 400:
      case 404:
        return new PageException(status, detail == null ? "No invite matches this link." : detail);
      case 410:
        return new PageException(
            410, detail == null ? "This invite can no longer be used." : detail);
      case 429:
        return new PageException(
            429, "Too many invite attempts from here. Wait a minute and try again.");
      default:
        LOG.warnf("admin-api answered an invite redemption with %d", status);
        return new PageException(503, UNAVAILABLE);
    }
  }

  private static String detail(Response response) {
    try {
      String body = response.readEntity(String.class);
      String detail = body == null ? null : new JsonObject(body).getString("detail");
      if (detail == null || detail.isBlank() || detail.length() > MAX_DETAIL) {
        return null;
      }
      return detail;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
