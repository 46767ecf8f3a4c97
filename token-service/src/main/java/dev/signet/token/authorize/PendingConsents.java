package dev.signet.token.authorize;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The authorization request a consent page answers, carried in the page signed (HMAC under the
 * server's versioned secret key) and bound to the session that saw it, so the Allow button cannot
 * be pointed at another redirect URI, challenge or scope, nor posted from another session, nor
 * after {@link AuthorizeConfig#consentTtl()}. Nothing of it is trusted from a form field unsigned.
 */
@ApplicationScoped
public class PendingConsents {

  /** Keeps these MACs apart from every other use of the same HMAC key. */
  private static final String CONTEXT = "signet-consent-v1.";

  /** Generous for a request within {@link AuthorizeRequests}' limits, base64 and MAC included. */
  static final int MAX_SEALED = 8192;

  /** What the person is asked to allow, with whose session and until when. */
  public record Pending(
      @JsonProperty("c") String clientId,
      @JsonProperty("r") String redirectUri,
      @JsonProperty("st") String state,
      @JsonProperty("sc") List<String> scopes,
      @JsonProperty("cc") String codeChallenge,
      @JsonProperty("n") String nonce,
      @JsonProperty("s") String sessionId,
      @JsonProperty("e") long expiresAt) {}

  private final SecretHasher hasher;
  private final ObjectMapper json;
  private final Clock clock;
  private final AuthorizeConfig config;

  PendingConsents(SecretHasher hasher, ObjectMapper json, Clock clock, AuthorizeConfig config) {
    this.hasher = hasher;
    this.json = json;
    this.clock = clock;
    this.config = config;
  }

  /** The sealed form of the request for the page's hidden field. */
  public String seal(AuthorizeRequest request, List<String> scopes, UUID sessionId) {
    Pending pending =
        new Pending(
            request.client().clientId(),
            request.redirectUri(),
            request.state(),
            scopes,
            request.codeChallenge(),
            request.nonce(),
            sessionId.toString(),
            Instant.now(clock).plus(config.consentTtl()).getEpochSecond());
    String payload;
    try {
      payload =
          Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(pending));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a pending consent did not serialise", e);
    }
    HashedSecret mac = hasher.hash(CONTEXT + payload);
    return payload
        + "."
        + mac.version()
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.hash());
  }

  /** The request when the seal is ours, unexpired and of this session; empty otherwise. */
  public Optional<Pending> open(String sealed, UUID sessionId) {
    if (sealed == null || sealed.isEmpty() || sealed.length() > MAX_SEALED) {
      return Optional.empty();
    }
    String[] parts = sealed.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      int version = Integer.parseInt(parts[1]);
      byte[] mac = Base64.getUrlDecoder().decode(parts[2]);
      if (!hasher.matches(CONTEXT + parts[0], mac, version)) {
        return Optional.empty();
      }
      Pending pending =
          json.readValue(
              new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8),
              Pending.class);
      if (!sessionId.toString().equals(pending.sessionId())
          || Instant.now(clock).getEpochSecond() >= pending.expiresAt()) {
        return Optional.empty();
      }
      return Optional.of(pending);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      // A malformed number or base64 or JSON: not a seal of ours.
      return Optional.empty();
    }
  }
}
