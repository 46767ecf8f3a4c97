package dev.signet.admin.console;

import dev.signet.admin.accounts.CreateServiceAccountRequest;
import io.quarkus.qute.TemplateData;

/**
 * The create form of the service accounts page, as typed; shown back after a refusal so nothing
 * needs retyping. It holds no secret: a client secret is always generated.
 */
@TemplateData
public record ServiceAccountForm(
    String clientId,
    String name,
    String description,
    String scopes,
    String team,
    String rateLimitPerMinute) {

  static ServiceAccountForm empty() {
    return new ServiceAccountForm("", "", "", "", "", "");
  }

  /** The same request a JSON body would make; its bean validation runs after. */
  CreateServiceAccountRequest toRequest() {
    java.util.Map<String, String> typed = new java.util.LinkedHashMap<>();
    typed.put("client_id", clientId);
    typed.put("name", name);
    typed.put("description", description);
    typed.put("scopes", scopes);
    typed.put("team", team);
    typed.put("rate_limit_per_minute", rateLimitPerMinute);
    FormValues.requireClean(typed);
    return new CreateServiceAccountRequest(
        FormValues.optional(clientId),
        name,
        FormValues.optional(description),
        FormValues.words(scopes) == null ? java.util.List.of() : FormValues.words(scopes),
        null,
        null,
        null,
        FormValues.number("rate_limit_per_minute", rateLimitPerMinute),
        FormValues.optional(team),
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
