package dev.signet.token.federation;

import dev.signet.common.auth.jwks.CappedBody;
import dev.signet.common.auth.jwks.JwksLookup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The key sets of external issuers (GitHub Actions, Kubernetes clusters, any OIDC issuer a trust
 * names), fetched with the JDK HTTP client and cached per issuer.
 *
 * <ul>
 *   <li>Source: the trust's explicit {@code jwks_uri}, or the issuer's {@code
 *       /.well-known/openid-configuration}, whose {@code issuer} must equal the trust's and whose
 *       {@code jwks_uri} must be on the issuer's host.
 *   <li>Every request has a timeout and a body cap; redirects are followed by hand (at most {@value
 *       #MAX_REDIRECTS}) and only to the host the request started on.
 *   <li>A fetched set is kept for its {@code Cache-Control: max-age}, clamped to the configured
 *       bounds ({@code no-store}/{@code no-cache} count as the lower bound).
 *   <li>An unknown {@code kid} triggers a refetch, but at most once per refetch interval per
 *       issuer, and concurrent lookups share the one fetch in flight: a flood of random kids
 *       reaches the issuer at most once per interval.
 *   <li>Only asymmetric signing keys with a {@code kid} are kept (RSA, EC, OKP; not {@code
 *       use=enc}); the verifier pins the algorithms.
 * </ul>
 */
public final class ExternalJwks {

  static final int MAX_REDIRECTS = 3;

  /** How the fetcher talks to issuers. */
  public record Settings(
      Duration timeout,
      int maxBodyBytes,
      Duration refetchInterval,
      Duration minCache,
      Duration maxCache,
      Duration defaultCache) {

    /** The bounds: 5 s, 100 KiB, one refetch a minute, cache between 1 min and 24 h. */
    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(5),
          100 * 1024,
          Duration.ofMinutes(1),
          Duration.ofMinutes(1),
          Duration.ofHours(24),
          Duration.ofMinutes(10));
    }
  }

  /** Where one trust's keys come from. */
  public record Source(String issuer, Optional<String> jwksUri) {}

  private record Cached(JsonWebKeySet keys, Instant fetchedAt, Instant expiresAt) {}

  private final class Issuer {
    volatile Cached cached;
    volatile Instant lastAttempt = Instant.EPOCH;
    CompletableFuture<Cached> inFlight;
  }

  private final Settings settings;
  private final Clock clock;
  private final HttpClient http;
  private final Map<Source, Issuer> issuers = new ConcurrentHashMap<>();

  public ExternalJwks(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The key with {@code kid} from the source's current set, fetching only as the rules allow. */
  public CompletableFuture<JwksLookup> find(Source source, String kid) {
    if (kid == null || kid.isEmpty()) {
      return CompletableFuture.completedFuture(new JwksLookup.UnknownKid());
    }
    Issuer issuer = issuers.computeIfAbsent(source, s -> new Issuer());
    Instant now = clock.instant();
    Cached cached = issuer.cached;
    if (cached != null && now.isBefore(cached.expiresAt())) {
      Optional<PublicJsonWebKey> key = keyFor(cached.keys(), kid);
      if (key.isPresent()) {
        return CompletableFuture.completedFuture(new JwksLookup.Found(key.get()));
      }
    }
    CompletableFuture<Cached> fetch;
    synchronized (issuer) {
      if (issuer.inFlight != null) {
        fetch = issuer.inFlight;
      } else if (now.isBefore(issuer.lastAttempt.plus(settings.refetchInterval()))) {
        return CompletableFuture.completedFuture(fromCache(issuer.cached, kid));
      } else {
        issuer.lastAttempt = now;
        fetch = fetchKeys(source);
        issuer.inFlight = fetch;
        fetch.whenComplete(
            (fresh, failure) -> {
              synchronized (issuer) {
                if (fresh != null) {
                  issuer.cached = fresh;
                }
                issuer.inFlight = null;
              }
            });
      }
    }
    return fetch.handle(
        (fresh, failure) -> {
          if (failure != null) {
            Cached stale = issuer.cached;
            return stale == null
                ? new JwksLookup.Unavailable(reason(failure))
                : fromCache(stale, kid);
          }
          return fromCache(fresh, kid);
        });
  }

  /** How many issuers have a cached set; for metrics and tests. */
  public int cachedIssuers() {
    return (int) issuers.values().stream().filter(i -> i.cached != null).count();
  }

  private static JwksLookup fromCache(Cached cached, String kid) {
    if (cached == null) {
      return new JwksLookup.Unavailable("no key set fetched yet");
    }
    return keyFor(cached.keys(), kid)
        .<JwksLookup>map(JwksLookup.Found::new)
        .orElseGet(JwksLookup.UnknownKid::new);
  }

  private static Optional<PublicJsonWebKey> keyFor(JsonWebKeySet keys, String kid) {
    for (JsonWebKey key : keys.getJsonWebKeys()) {
      if (kid.equals(key.getKeyId()) && key instanceof PublicJsonWebKey pub) {
        return Optional.of(pub);
      }
    }
    return Optional.empty();
  }

  private CompletableFuture<Cached> fetchKeys(Source source) {
    URI issuer;
    try {
      issuer = URI.create(source.issuer());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new FetchFailed("issuer is not a URL"));
    }
    CompletableFuture<URI> jwksUri =
        source.jwksUri().isPresent()
            ? CompletableFuture.completedFuture(URI.create(source.jwksUri().get()))
            : get(discoveryUri(source.issuer()), MAX_REDIRECTS)
                .thenApply(response -> discoveredJwksUri(source.issuer(), issuer, response.body()));
    return jwksUri.thenCompose(uri -> get(uri, MAX_REDIRECTS)).thenApply(this::parseKeys);
  }

  private static URI discoveryUri(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return URI.create(base + "/.well-known/openid-configuration");
  }

  private static URI discoveredJwksUri(String expectedIssuer, URI issuer, byte[] body) {
    Map<String, Object> doc;
    try {
      doc = JsonUtil.parseJson(new String(body, StandardCharsets.UTF_8));
    } catch (JoseException e) {
      throw new FetchFailed("discovery document is not JSON");
    }
    if (!expectedIssuer.equals(doc.get("issuer"))) {
      throw new FetchFailed("discovery document names another issuer");
    }
    if (!(doc.get("jwks_uri") instanceof String jwks)) {
      throw new FetchFailed("discovery document has no jwks_uri");
    }
    URI uri;
    try {
      uri = URI.create(jwks);
    } catch (IllegalArgumentException e) {
      throw new FetchFailed("jwks_uri is not a URL");
    }
    if (!sameOrigin(issuer, uri)) {
      throw new FetchFailed("jwks_uri is not on the issuer's host");
    }
    return uri;
  }

  private CompletableFuture<HttpResponse<byte[]>> get(URI uri, int redirectsLeft) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.timeout())
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(request, info -> new CappedBody(settings.maxBodyBytes()))
        .thenCompose(
            response -> {
              int status = response.statusCode();
              if (status >= 300 && status < 400) {
                if (redirectsLeft == 0) {
                  throw new FetchFailed("too many redirects");
                }
                URI next =
                    response
                        .headers()
                        .firstValue("Location")
                        .map(uri::resolve)
                        .orElseThrow(() -> new FetchFailed("redirect without Location"));
                if (!sameOrigin(uri, next)) {
                  throw new FetchFailed("redirect leaves the issuer's host");
                }
                return get(next, redirectsLeft - 1);
              }
              if (status != 200) {
                throw new FetchFailed("issuer answered HTTP " + status);
              }
              return CompletableFuture.completedFuture(response);
            });
  }

  private Cached parseKeys(HttpResponse<byte[]> response) {
    JsonWebKeySet set;
    try {
      set = new JsonWebKeySet(new String(response.body(), StandardCharsets.UTF_8));
    } catch (JoseException e) {
      throw new FetchFailed("key set is not a JWKS");
    }
    JsonWebKeySet usable = new JsonWebKeySet();
    for (JsonWebKey key : set.getJsonWebKeys()) {
      boolean asymmetric = key instanceof PublicJsonWebKey;
      boolean signing = key.getUse() == null || "sig".equals(key.getUse());
      if (asymmetric && signing && key.getKeyId() != null && !key.getKeyId().isEmpty()) {
        usable.addJsonWebKey(key);
      }
    }
    Instant now = clock.instant();
    return new Cached(usable, now, now.plus(cacheFor(response)));
  }

  private Duration cacheFor(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Cache-Control");
    if (header.isEmpty()) {
      return settings.defaultCache();
    }
    Duration wanted = settings.defaultCache();
    for (String part : header.get().toLowerCase(Locale.ROOT).split(",")) {
      String directive = part.trim();
      if (directive.equals("no-store") || directive.equals("no-cache")) {
        return settings.minCache();
      }
      if (directive.startsWith("max-age=")) {
        try {
          wanted = Duration.ofSeconds(Long.parseLong(directive.substring(8).trim()));
        } catch (NumberFormatException | ArithmeticException e) {
          wanted = settings.defaultCache();
        }
      }
    }
    if (wanted.compareTo(settings.minCache()) < 0) {
      return settings.minCache();
    }
    return wanted.compareTo(settings.maxCache()) > 0 ? settings.maxCache() : wanted;
  }

  private static boolean sameOrigin(URI from, URI to) {
    return from.getScheme() != null
        && from.getScheme().equalsIgnoreCase(to.getScheme())
        && from.getHost() != null
        && from.getHost().equalsIgnoreCase(to.getHost())
        && from.getPort() == to.getPort();
  }

  private static String reason(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof FetchFailed f) {
      return f.getMessage();
    }
    if (cause instanceof CappedBody.TooLarge t) {
      return t.getMessage();
    }
    if (cause instanceof java.net.http.HttpTimeoutException) {
      return "issuer did not answer in time";
    }
    return "key set fetch failed (" + cause.getClass().getSimpleName() + ")";
  }

  /** A fetch refused for a reason worth naming in the audit (never carries key material). */
  static final class FetchFailed extends RuntimeException {
    FetchFailed(String message) {
      super(message, null, false, false);
    }
  }
}
