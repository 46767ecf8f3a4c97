package dev.signet.admin.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * Token policy (lifetimes, reuse grace, clock skew) and the federation trusts: token-service's
 * {@code /v1/token-policy} and {@code /v1/federation/trusts} called with the person's own token, so
 * token-service enforces its own scopes and shows its own validation messages.
 */
@Path("/console/token-policy")
@Produces(MediaType.TEXT_HTML)
public class TokenPolicyPages {

  private static final String SERVICE = "token-service";

  /** The policy's fields, in the order the form shows them; all whole seconds. */
  private static final List<String> FIELDS =
      List.of(
          "access_token_ttl_seconds",
          "refresh_token_ttl_seconds",
          "refresh_token_max_lifetime_seconds",
          "agent_token_ttl_seconds",
          "audience_token_ttl_seconds",
          "refresh_reuse_grace_seconds",
          "clock_skew_seconds");

  private final ConsoleAccess access;
  private final ConsoleCsrf csrf;
  private final SecurityIdentity identity;
  private final TokenServiceClient tokens;
  private final Template page;

  TokenPolicyPages(
      ConsoleAccess access,
      ConsoleCsrf csrf,
      SecurityIdentity identity,
      @RestClient TokenServiceClient tokens,
      @Location("console/token-policy.html") Template page) {
    this.access = access;
    this.csrf = csrf;
    this.identity = identity;
    this.tokens = tokens;
    this.page = page;
  }

  @GET
  public Uni<TemplateInstance> show() {
    return access.require(identity).chain(admin -> render(admin, ConsoleMessages.none(), null));
  }

  @POST
  public Uni<TemplateInstance> save(
      @RestForm("access_token_ttl_seconds") String accessTtl,
      @RestForm("refresh_token_ttl_seconds") String refreshTtl,
      @RestForm("refresh_token_max_lifetime_seconds") String refreshMax,
      @RestForm("agent_token_ttl_seconds") String agentTtl,
      @RestForm("audience_token_ttl_seconds") String audienceTtl,
      @RestForm("refresh_reuse_grace_seconds") String reuseGrace,
      @RestForm("clock_skew_seconds") String clockSkew,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header) {
    List<String> values =
        List.of(accessTtl, refreshTtl, refreshMax, agentTtl, audienceTtl, reuseGrace, clockSkew);
    return access
        .require(identity)
        .invoke(admin -> csrf.require(admin, form, header))
        .chain(
            admin ->
                Uni.createFrom()
                    .deferred(
                        () -> {
                          Map<String, String> typed = new LinkedHashMap<>();
                          for (int i = 0; i < FIELDS.size(); i++) {
                            typed.put(FIELDS.get(i), values.get(i));
                          }
                          FormValues.requireClean(typed);
                          Map<String, Object> body = new LinkedHashMap<>();
                          typed.forEach((field, v) -> body.put(field, FormValues.number(field, v)));
                          return tokens.updatePolicy(bearer(admin), body);
                        })
                    .chain(saved -> render(admin, ConsoleMessages.none(), "Token policy saved."))
                    .onFailure(e -> !(e instanceof ConsoleRefusal))
                    .recoverWithUni(e -> render(admin, ServiceCalls.messages(e, SERVICE), null)));
  }

  private Uni<TemplateInstance> render(
      ConsoleAdmin admin, ConsoleMessages messages, String notice) {
    String bearer = bearer(admin);
    return Uni.combine()
        .all()
        .unis(
            ServiceCalls.outcome(tokens.policy(bearer), SERVICE),
            ServiceCalls.outcome(tokens.trusts(bearer), SERVICE))
        .asTuple()
        .map(
            t -> {
              ConsoleMessages shown = messages;
              if (!shown.any()) {
                shown =
                    t.getItem1().failure() != null
                        ? t.getItem1().failure()
                        : t.getItem2().failure() != null
                            ? t.getItem2().failure()
                            : ConsoleMessages.none();
              }
              return page.data("admin", admin)
                  .data("nav", "token-policy")
                  .data("policy", t.getItem1().value())
                  .data("trusts", t.getItem2().value() == null ? List.of() : t.getItem2().value())
                  .data("messages", shown)
                  .data("notice", notice);
            });
  }

  private static String bearer(ConsoleAdmin admin) {
    return "Bearer " + admin.accessToken();
  }
}
