package dev.signet.common.auth.jwks;

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
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The key set of one issuer, as a resource server outside Signet's database sees it: fetched over
 * HTTP with the JDK client, parsed by jose4j, cached.
 *
 * <ul>
 *   <li>Source: an explicit JWKS URL, or the issuer's {@code /.well-known/openid-configuration},
 *       whose {@code issuer} must equal the configured one. Its {@code jwks_uri} may be on another
 *       host (Signet's is keyring-service, beside token-service): the issuer is configured by the
 *       operator and speaks for its keys.
 *   <li>Every request has a timeout and a body cap; redirects are followed by hand (at most {@value
 *       #MAX_REDIRECTS}) and only to the host the request started on.
 *   <li>A fetched set is kept for its {@code Cache-Control: max-age}, clamped to the configured
 *       bounds ({@code no-store}/{@code no-cache} count as the lower bound).
 *   <li>An unknown {@code kid} triggers a refetch, but at most once per refetch interval, and
 *       concurrent lookups share the one fetch in flight: a flood of random kids reaches the JWKS
 *       server at most once per interval.
 *   <li>Only asymmetric signing keys with a {@code kid} are kept (RSA, EC, OKP; not {@code
 *       use=enc}); the verifier pins the algorithms.
 * </ul>
 *
 * <p>The same rules as token-service's federation fetcher ({@code ExternalJwks}), for one issuer.
 */
public final class IssuerJwks {

  static final int MAX_REDIRECTS = 3;

  /** How the fetcher talks to the issuer. */
  public record Settings(
      Duration timeout,
      int maxBodyBytes,
      Duration refetchInterval,
      Duration minCache,
      Duration maxCache,
      Duration defaultCache) {}

  private record Cached(JsonWebKeySet keys, Instant expiresAt) {}

  private final String issuer;
  private final Optional<String> jwksUri;
  private final Settings settings;
  private final Clock clock;
  private final HttpClient http;
  private volatile Cached cached;
  private Instant lastAttempt = Instant.EPOCH;
  private CompletableFuture<Cached> inFlight;

  public IssuerJwks(String issuer, Optional<String> jwksUri, Settings settings, Clock clock) {
    this.issuer = issuer;
    this.jwksUri = jwksUri;
    this.settings = settings;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The key with {@code kid} from the current set, fetching only as the rules allow. */
  public CompletableFuture<JwksLookup> find(String kid) {
    if (kid == null || kid.isEmpty()) {
      return CompletableFuture.completedFuture(new JwksLookup.UnknownKid());
    }
    Instant now = clock.instant();
    Cached current = cached;
    if (current != null && now.isBefore(current.expiresAt())) {
      Optional<PublicJsonWebKey> key = keyFor(current.keys(), kid);
      if (key.isPresent()) {
        return CompletableFuture.completedFuture(new JwksLookup.Found(key.get()));
      }
    }
    CompletableFuture<Cached> fetch;
    synchronized (this) {
      if (inFlight != null) {
        fetch = inFlight;
      } else if (now.isBefore(lastAttempt.plus(settings.refetchInterval()))) {
        return CompletableFuture.completedFuture(fromCache(cached, kid));
      } else {
        lastAttempt = now;
        CompletableFuture<Cached> started = fetchKeys();
        inFlight = started;
        fetch = started;
        started.whenComplete(
            (fresh, failure) -> {
              synchronized (this) {
                if (fresh != null) {
                  cached = fresh;
                }
                inFlight = null;
              }
            });
      }
    }
    return fetch.handle(
        (fresh, failure) -> {
          if (failure != null) {
            // A set fetched before still answers (its keys did sign); no set at all cannot.
            Cached stale = cached;
            return stale == null
                ? new JwksLookup.Unavailable(reason(failure))
                : fromCache(stale, kid);
          }
          return fromCache(fresh, kid);
        });
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

  private CompletableFuture<Cached> fetchKeys() {
    CompletableFuture<URI> uri;
    try {
      uri =
          jwksUri.isPresent()
              ? CompletableFuture.completedFuture(httpUri(jwksUri.get(), "jwks uri"))
              : get(discoveryUri(), MAX_REDIRECTS)
                  .thenApply(response -> discoveredJwksUri(response.body()));
    } catch (FetchFailed e) {
      return CompletableFuture.failedFuture(e);
    }
    return uri.thenCompose(u -> get(u, MAX_REDIRECTS)).thenApply(this::parseKeys);
  }

  private URI discoveryUri() {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return httpUri(base + "/.well-known/openid-configuration", "issuer");
  }

  private URI discoveredJwksUri(byte[] body) {
    Map<String, Object> doc;
    try {
      doc = JsonUtil.parseJson(new String(body, StandardCharsets.UTF_8));
    } catch (JoseException | RuntimeException e) {
      throw new FetchFailed("discovery document is not JSON");
    }
    if (!issuer.equals(doc.get("issuer"))) {
      throw new FetchFailed("discovery document names another issuer");
    }
    if (!(doc.get("jwks_uri") instanceof String jwks)) {
      throw new FetchFailed("discovery document has no jwks_uri");
    }
    return httpUri(jwks, "jwks_uri");
  }

  private static URI httpUri(String value, String what) {
    try {
      URI uri = URI.create(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new FetchFailed(what + " is not an http(s) URL");
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
                  throw new FetchFailed("redirect leaves the host");
                }
                return get(next, redirectsLeft - 1);
              }
              if (status != 200) {
                throw new FetchFailed("key server answered HTTP " + status);
              }
              return CompletableFuture.completedFuture(response);
            });
  }

  private Cached parseKeys(HttpResponse<byte[]> response) {
    JsonWebKeySet set;
    try {
      set = new JsonWebKeySet(new String(response.body(), StandardCharsets.UTF_8));
    } catch (JoseException | RuntimeException e) {
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
    return new Cached(usable, clock.instant().plus(cacheFor(response)));
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
      return "key server did not answer in time";
    }
    return "key set fetch failed (" + cause.getClass().getSimpleName() + ")";
  }

  /** A fetch refused for a reason worth naming in a log (never carries key material). */
  static final class FetchFailed extends RuntimeException {
    FetchFailed(String message) {
      super(message, null, false, false);
    }
  }
}
