package dev.signet.admin.accounts;

import dev.signet.admin.AdminConfig;
import dev.signet.admin.paging.Page;
import dev.signet.admin.paging.PageRequest;
import dev.signet.admin.persistence.Conflicts;
import dev.signet.admin.tokens.TokenServiceClient;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.error.ProblemException;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import dev.signet.common.tokens.TokenAdminContract;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Lifecycle of service accounts. Every change is audited with the acting subject in its own
 * transaction and announced on {@code signet_service_accounts_changed} so token-service drops its
 * cached copy. Who may grant which scope, and change which account, is {@link ScopeCeiling}'s rule.
 * Disable, delete and a compromised-secret rotation first have token-service record a revocation
 * cutoff for the client, so its earlier tokens stop working everywhere; when token-service cannot
 * be reached the change is not made (503).
 */
@ApplicationScoped
public class ServiceAccountService {

  /** Postgres NOTIFY channel; the payload is the client id that changed. */
  public static final String CHANGED_CHANNEL = DatabaseChannels.SERVICE_ACCOUNTS_CHANGED;

  private static final Logger LOG = Logger.getLogger(ServiceAccountService.class);

  private final ServiceAccountRepository accounts;
  private final TokenServiceClient tokens;
  private final SecretHasher hasher;
  private final AuditRecorder audit;
  private final AdminConfig config;
  private final Clock clock;

  ServiceAccountService(
      ServiceAccountRepository accounts,
      @RestClient TokenServiceClient tokens,
      SecretHasher hasher,
      AuditRecorder audit,
      AdminConfig config,
      Clock clock) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.hasher = hasher;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  @WithTransaction
  public Uni<CreatedServiceAccount> create(
      ScopeCeiling caller, CreateServiceAccountRequest request) {
    String actor = caller.caller();
    Instant now = Instant.now(clock);
    Validation.ipAllowList(request.ipAllowList());
    Validation.expiresAt(request.expiresAt(), now);
    Validation.jwks(request.jwks());
    caller.requireGrantable(request.scopes());
    String method =
        request.tokenEndpointAuthMethod() == null
            ? "client_secret_basic"
            : request.tokenEndpointAuthMethod();
    boolean keyBased = "private_key_jwt".equals(method);
    if (keyBased != (request.jwks() != null)) {
      throw ProblemException.badRequest(
          keyBased
              ? "private_key_jwt needs jwks (a JWK Set with a keys array)."
              : "jwks is only accepted with token_endpoint_auth_method private_key_jwt.");
    }
    if (keyBased && !request.jwks().path("keys").isArray()) {
      throw ProblemException.badRequest("jwks must be a JWK Set with a keys array.");
    }
    String clientId =
        request.clientId() != null
            ? request.clientId()
            : "sa-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    ServiceAccount a = new ServiceAccount();
    a.id = UUID.randomUUID();
    a.clientId = clientId;
    a.name = request.name().trim();
    a.description = request.description();
    a.tokenEndpointAuthMethod = method;
    a.jwks = keyBased ? request.jwks().toString() : null;
    a.scopes = array(request.scopes());
    a.roles = array(request.roles());
    a.allowedAudiences = array(request.allowedAudiences());
    a.ipAllowList = array(request.ipAllowList());
    // A long, so a huge value is refused by @Max naming the field; @Max keeps it within int.
    a.rateLimitPerMinute =
        request.rateLimitPerMinute() == null ? null : request.rateLimitPerMinute().intValue();
    a.team = request.team();
    a.status = "active";
    a.expiresAt = request.expiresAt();
    a.tokenExchangeEnabled = Boolean.TRUE.equals(request.tokenExchangeEnabled());
    a.refreshEnabled = Boolean.TRUE.equals(request.refreshEnabled());
    a.deviceGrantEnabled = Boolean.TRUE.equals(request.deviceGrantEnabled());
    a.createdAt = now;
    a.updatedAt = now;
    a.createdBy = actor;
    String secret = keyBased ? null : SecretHasher.newSecret();
    if (secret != null) {
      HashedSecret hashed = hasher.hash(secret);
      a.secretHash = hashed.hash();
      a.secretHashVersion = hashed.version();
    }
    return accounts
        .findByClientId(clientId)
        .invoke(
            existing -> {
              if (existing != null) {
                throw ProblemException.conflict("client_id " + clientId + " is already taken.");
              }
            })
        .chain(() -> accounts.persistAndFlush(a))
        .chain(
            () ->
                audit.record(
                    AuditEvent.builder("admin.service_account.created")
                        .actor(actor)
                        .target(clientId)
                        .attribute("scopes", List.of(a.scopes))
                        .attribute("token_endpoint_auth_method", method)))
        .chain(() -> announce(clientId))
        .map(ignored -> new CreatedServiceAccount(clientId, secret, ServiceAccountView.of(a)))
        .onFailure()
        .transform(ServiceAccountService::concurrent);
  }

  @WithSession
  public Uni<Page<ServiceAccountView>> list(ServiceAccountFilter filter, PageRequest page) {
    return accounts
        .list(filter, page.afterSeq().orElse(0L), page.limit() + 1)
        .map(rows -> Page.of(rows, page.limit(), a -> a.seq, ServiceAccountView::of));
  }

  @WithSession
  public Uni<ServiceAccountView> get(String clientId) {
    return require(clientId).map(ServiceAccountView::of);
  }

  @WithTransaction
  public Uni<ServiceAccountView> update(
      ScopeCeiling caller, String clientId, UpdateServiceAccountRequest request) {
    String actor = caller.caller();
    Instant now = Instant.now(clock);
    Validation.ipAllowList(request.ipAllowList());
    if (request.expiresAt() != null) {
      request.expiresAt().ifPresent(at -> Validation.expiresAt(at, now));
    }
    caller.requireGrantable(request.scopes());
    return require(clientId)
        .invoke(caller::requireManageable)
        .invoke(a -> apply(a, request, now))
        .call(
            a ->
                audit.record(
                    AuditEvent.builder("admin.service_account.updated")
                        .actor(actor)
                        .target(clientId)
                        .attribute("fields", changedFields(request))))
        .call(a -> announce(clientId))
        .call(accounts::flush)
        .map(ServiceAccountView::of)
        .onFailure()
        .transform(ServiceAccountService::concurrent);
  }

  /** Disables or re-enables; a disabled account gets no tokens from token-service. */
  @WithTransaction
  public Uni<ServiceAccountView> setStatus(ScopeCeiling caller, String clientId, boolean active) {
    String actor = caller.caller();
    String status = active ? "active" : "disabled";
    return require(clientId)
        .invoke(caller::requireManageable)
        .call(
            a -> active ? Uni.createFrom().voidItem() : revokeTokens(actor, a, "account_disabled"))
        .invoke(
            a -> {
              a.status = status;
              a.updatedAt = Instant.now(clock);
            })
        .call(
            a ->
                audit.record(
                    AuditEvent.builder(
                            active
                                ? "admin.service_account.enabled"
                                : "admin.service_account.disabled")
                        .actor(actor)
                        .target(clientId)))
        .call(a -> announce(clientId))
        .call(accounts::flush)
        .map(ServiceAccountView::of)
        .onFailure()
        .transform(ServiceAccountService::concurrent);
  }

  @WithTransaction
  public Uni<Void> delete(ScopeCeiling caller, String clientId) {
    String actor = caller.caller();
    return require(clientId)
        .invoke(caller::requireManageable)
        .call(a -> revokeTokens(actor, a, "account_deleted"))
        .call(accounts::delete)
        .call(
            a ->
                audit.record(
                    AuditEvent.builder("admin.service_account.deleted")
                        .actor(actor)
                        .target(clientId)))
        .call(a -> announce(clientId))
        .replaceWithVoid();
  }

  /**
   * Issues a new secret. The old one moves to the previous slot and keeps working until the overlap
   * ends (token-service checks previous_secret_expires_at); the sweeper then drops it. A
   * compromised secret is dropped at once (no overlap) and every token issued before is revoked.
   */
  @WithTransaction
  public Uni<RotatedSecret> rotateSecret(
      ScopeCeiling caller, String clientId, Long overlapSeconds, boolean compromised) {
    String actor = caller.caller();
    Duration overlap =
        compromised
            ? Duration.ZERO
            : overlapSeconds == null
                ? config.secretRotationOverlap()
                : Duration.ofSeconds(overlapSeconds);
    if (overlap.compareTo(config.secretRotationMaxOverlap()) > 0) {
      throw ProblemException.badRequest(
          "overlap_seconds may be at most " + config.secretRotationMaxOverlap().toSeconds() + ".");
    }
    Instant now = Instant.now(clock);
    String secret = SecretHasher.newSecret();
    HashedSecret hashed = hasher.hash(secret);
    return require(clientId)
        .invoke(caller::requireManageable)
        .invoke(
            a -> {
              if (!a.usesSecret()) {
                throw ProblemException.conflict(
                    "client " + clientId + " authenticates with private_key_jwt, not a secret.");
              }
            })
        .call(
            a ->
                compromised
                    ? revokeTokens(actor, a, "secret_compromised")
                    : Uni.createFrom().voidItem())
        .invoke(
            a -> {
              boolean keepOld = !overlap.isZero() && a.secretHash != null;
              a.previousSecretHash = keepOld ? a.secretHash : null;
              a.previousSecretHashVersion = keepOld ? a.secretHashVersion : null;
              a.previousSecretExpiresAt = keepOld ? now.plus(overlap) : null;
              a.secretHash = hashed.hash();
              a.secretHashVersion = hashed.version();
              a.updatedAt = now;
            })
        .call(
            a ->
                audit.record(
                    AuditEvent.builder("admin.service_account.secret_rotated")
                        .actor(actor)
                        .target(clientId)
                        .attribute("overlap_seconds", overlap.toSeconds())
                        .attribute("compromised", compromised)))
        .call(a -> announce(clientId))
        .call(accounts::flush)
        .map(a -> new RotatedSecret(clientId, secret, a.previousSecretExpiresAt))
        .onFailure()
        .transform(ServiceAccountService::concurrent);
  }

  /**
   * Has token-service record a revocation cutoff for the client before the change commits. Any
   * failure answers 503 and rolls the change back: an account must never end up disabled, deleted
   * or re-keyed while its earlier tokens still work.
   */
  private Uni<Void> revokeTokens(String actor, ServiceAccount a, String reason) {
    return tokens
        .revokeAll(new TokenAdminContract.BulkRevokeRequest(a.clientId, null, reason, actor))
        .onFailure()
        .transform(
            failure -> {
              LOG.warnf(
                  "token-service did not record the revocation of %s's tokens (%s): %s",
                  a.clientId, reason, SafeFailures.describe(failure));
              return ProblemException.unavailable(
                  "token-service could not revoke the tokens of "
                      + a.clientId
                      + ", so nothing was changed; retry shortly.");
            })
        .replaceWithVoid();
  }

  /** Two admins racing on one account: the loser gets 409 instead of a 500. */
  private static Throwable concurrent(Throwable failure) {
    return Conflicts.translate(
        failure,
        "The service account changed meanwhile; read it and retry.",
        "That client_id is already taken.");
  }

  private Uni<ServiceAccount> require(String clientId) {
    return accounts
        .findByClientId(clientId)
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("No service account " + clientId + "."));
  }

  /** NOTIFY is delivered at commit, so listeners never see a change that rolled back. */
  Uni<Void> announce(String clientId) {
    return DatabaseChannels.notifyOnCommit(CHANGED_CHANNEL, clientId);
  }

  private static void apply(ServiceAccount a, UpdateServiceAccountRequest r, Instant now) {
    if (r.name() != null) {
      a.name = r.name().trim();
    }
    if (r.description() != null) {
      a.description = r.description().orElse(null);
    }
    if (r.scopes() != null) {
      a.scopes = array(r.scopes());
    }
    if (r.roles() != null) {
      a.roles = array(r.roles());
    }
    if (r.allowedAudiences() != null) {
      a.allowedAudiences = array(r.allowedAudiences());
    }
    if (r.ipAllowList() != null) {
      a.ipAllowList = array(r.ipAllowList());
    }
    if (r.rateLimitPerMinute() != null) {
      a.rateLimitPerMinute = r.rateLimitPerMinute().map(Long::intValue).orElse(null);
    }
    if (r.team() != null) {
      a.team = r.team().orElse(null);
    }
    if (r.expiresAt() != null) {
      a.expiresAt = r.expiresAt().orElse(null);
    }
    if (r.tokenExchangeEnabled() != null) {
      a.tokenExchangeEnabled = r.tokenExchangeEnabled();
    }
    if (r.refreshEnabled() != null) {
      a.refreshEnabled = r.refreshEnabled();
    }
    if (r.deviceGrantEnabled() != null) {
      a.deviceGrantEnabled = r.deviceGrantEnabled();
    }
    a.updatedAt = now;
  }

  private static List<String> changedFields(UpdateServiceAccountRequest r) {
    java.util.ArrayList<String> fields = new java.util.ArrayList<>();
    addIf(fields, r.name(), "name");
    addIf(fields, r.description(), "description");
    addIf(fields, r.scopes(), "scopes");
    addIf(fields, r.roles(), "roles");
    addIf(fields, r.allowedAudiences(), "allowed_audiences");
    addIf(fields, r.ipAllowList(), "ip_allow_list");
    addIf(fields, r.rateLimitPerMinute(), "rate_limit_per_minute");
    addIf(fields, r.team(), "team");
    addIf(fields, r.expiresAt(), "expires_at");
    addIf(fields, r.tokenExchangeEnabled(), "token_exchange_enabled");
    addIf(fields, r.refreshEnabled(), "refresh_enabled");
    addIf(fields, r.deviceGrantEnabled(), "device_grant_enabled");
    return fields;
  }

  private static void addIf(List<String> fields, Object value, String name) {
    if (value != null) {
      fields.add(name);
    }
  }

  static String[] array(List<String> values) {
    return values == null
        ? new String[0]
        : values.stream().map(v -> v.trim()).distinct().toArray(String[]::new);
  }
}
