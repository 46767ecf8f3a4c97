package dev.signet.token.federation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A stored trust as the admin API answers it. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrustView(
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("kind") String kind,
    @JsonProperty("issuer") String issuer,
    @JsonProperty("jwks_uri") String jwksUri,
    @JsonProperty("audience") String audience,
    @JsonProperty("enabled") boolean enabled,
    @JsonProperty("rules") List<RuleBody> rules,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("created_by") String createdBy,
    @JsonProperty("updated_by") String updatedBy,
    @JsonProperty("version") long version) {

  static TrustView of(StoredTrust trust) {
    TrustDefinition d = trust.definition();
    return new TrustView(
        trust.id().toString(),
        d.name(),
        d.kind().name().toLowerCase(Locale.ROOT),
        d.issuer(),
        d.jwksUri().orElse(null),
        d.audience(),
        trust.enabled(),
        d.rules().stream().map(RuleBody::of).toList(),
        trust.createdAt(),
        trust.updatedAt(),
        trust.createdBy(),
        trust.updatedBy(),
        trust.version());
  }
}
