package dev.signet.admin.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * Signing keys: the key ring's keys, rotation policy and JWKS preview; rotate, retire, revoke (the
 * admin types the kid to confirm) and replace the policy. Everything goes to keyring-service over
 * REST with the person's own access token, so the key ring enforces its own scopes and validation;
 * its refusals show as its messages, and a key ring that does not answer shows as such.
 */
@Path("/console/keys")
@Produces(MediaType.TEXT_HTML)
public class KeyPages {

  private static final int KID_MAX = 64;
  private static final String SERVICE = "the key ring";

  private final ConsoleAccess access;
  private final ConsoleCsrf csrf;
  private final SecurityIdentity identity;
  private final KeyringClient keyring;
  private final Template page;

  KeyPages(
      ConsoleAccess access,
      ConsoleCsrf csrf,
      SecurityIdentity identity,
      @RestClient KeyringClient keyring,
      @Location("console/keys.html") Template page) {
    this.access = access;
    this.csrf = csrf;
    this.identity = identity;
    this.keyring = keyring;
    this.page = page;
  }

  @GET
  public Uni<TemplateInstance> show() {
    return access.require(identity).chain(admin -> render(admin, ConsoleMessages.none(), null));
  }

  @POST
  @Path("/rotate")
  public Uni<TemplateInstance> rotate(
      @RestForm("immediate") String immediate,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header) {
    boolean now = "true".equals(immediate) || "on".equals(immediate);
    return act(
        form,
        header,
        admin ->
            keyring
                .rotate(bearer(admin), now)
                .replaceWith(now ? "Rotated now." : "Rotation started."));
  }

  @POST
  @Path("/{kid}/retire")
  public Uni<TemplateInstance> retire(
      @PathParam("kid") String kid,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header) {
    return act(
        form,
        header,
        admin -> keyring.retire(bearer(admin), kid(kid)).map(k -> "Key " + k.kid() + " retired."));
  }

  /** Revoking drops the key from JWKS at once, so the admin types its kid to confirm. */
  @POST
  @Path("/{kid}/revoke")
  public Uni<TemplateInstance> revoke(
      @PathParam("kid") String kid,
      @RestForm("confirm_kid") String confirm,
      @RestForm("reason") String reason,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header) {
    return act(
        form,
        header,
        admin -> {
          String k = kid(kid);
          if (!k.equals(confirm)) {
            throw new InvalidInputException(
                "confirm_kid", "must be the key id " + k + ", typed to confirm the revocation");
          }
          Map<String, String> body = new LinkedHashMap<>();
          body.put("reason", reason == null ? "" : reason);
          return keyring.revoke(bearer(admin), k, body).replaceWith("Key " + k + " revoked.");
        });
  }

  @POST
  @Path("/policy")
  public Uni<TemplateInstance> policy(
      @RestForm("algorithm") String algorithm,
      @RestForm("rsa_key_size") String rsaKeySize,
      @RestForm("rotation_interval_seconds") String rotationInterval,
      @RestForm("pre_publish_seconds") String prePublish,
      @RestForm("grace_period_seconds") String gracePeriod,
      @RestForm("jwks_cache_max_age_seconds") String cacheMaxAge,
      @RestForm("jwks_cache_margin_seconds") String cacheMargin,
      @RestForm(ConsoleCsrf.FIELD) String form,
      @RestHeader(ConsoleCsrf.HEADER) String header) {
    return act(
        form,
        header,
        admin -> {
          Map<String, String> typed = new LinkedHashMap<>();
          typed.put("algorithm", algorithm);
          typed.put("rsa_key_size", rsaKeySize);
          typed.put("rotation_interval_seconds", rotationInterval);
          typed.put("pre_publish_seconds", prePublish);
          typed.put("grace_period_seconds", gracePeriod);
          typed.put("jwks_cache_max_age_seconds", cacheMaxAge);
          typed.put("jwks_cache_margin_seconds", cacheMargin);
          FormValues.requireClean(typed);
          Map<String, Object> body = new LinkedHashMap<>();
          typed.forEach(
              (field, value) ->
                  body.put(
                      field,
                      "algorithm".equals(field)
                          ? FormValues.optional(value)
                          : FormValues.number(field, value)));
          return keyring.updatePolicy(bearer(admin), body).replaceWith("Rotation policy saved.");
        });
  }

  private Uni<TemplateInstance> act(
      String form, String header, Function<ConsoleAdmin, Uni<String>> action) {
    return access
        .require(identity)
        .invoke(admin -> csrf.require(admin, form, header))
        .chain(
            admin ->
                Uni.createFrom()
                    .deferred(() -> action.apply(admin))
                    .chain(done -> render(admin, ConsoleMessages.none(), done))
                    .onFailure(e -> !(e instanceof ConsoleRefusal))
                    .recoverWithUni(e -> render(admin, messages(e), null)));
  }

  private Uni<TemplateInstance> render(
      ConsoleAdmin admin, ConsoleMessages messages, String notice) {
    String bearer = bearer(admin);
    Uni<ServiceCalls.Outcome<List<KeyringClient.Key>>> keys = outcome(keyring.list(bearer));
    Uni<ServiceCalls.Outcome<KeyringClient.Policy>> policy = outcome(keyring.policy(bearer));
    Uni<ServiceCalls.Outcome<JsonNode>> preview = outcome(keyring.jwksPreview(bearer));
    return Uni.combine()
        .all()
        .unis(keys, policy, preview)
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
                            : t.getItem3().failure() != null
                                ? t.getItem3().failure()
                                : ConsoleMessages.none();
              }
              JsonNode p = t.getItem3().value();
              return page.data("admin", admin)
                  .data("nav", "keys")
                  .data("keys", t.getItem1().value() == null ? List.of() : t.getItem1().value())
                  .data("policy", t.getItem2().value())
                  .data("preview", p == null ? null : p.toPrettyString())
                  .data("messages", shown)
                  .data("notice", notice);
            });
  }

  private static <T> Uni<ServiceCalls.Outcome<T>> outcome(Uni<T> call) {
    return ServiceCalls.outcome(call, SERVICE);
  }

  private static ConsoleMessages messages(Throwable e) {
    return ServiceCalls.messages(e, SERVICE);
  }

  private static String kid(String kid) {
    String k = CleanText.require("kid", kid, KID_MAX);
    if (k == null || k.isBlank()) {
      throw new InvalidInputException("kid", "is required");
    }
    return k;
  }

  private static String bearer(ConsoleAdmin admin) {
    return "Bearer " + admin.accessToken();
  }
}
