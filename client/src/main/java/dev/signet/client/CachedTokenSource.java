package dev.signet.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A token cached until shortly before it expires, with single-flight renewal: however many threads
 * ask at once when the token is due, one request goes to the server and the others wait for its
 * answer (or its error).
 */
abstract class CachedTokenSource implements TokenSource {

  /** Renew this long before expiry, or at three quarters of a shorter token's life. */
  static final Duration MARGIN = Duration.ofSeconds(30);

  protected final Clock clock;
  private final Object lock = new Object();
  private Tokens current;
  private Instant renewAt = Instant.MIN;
  private CompletableFuture<Tokens> inFlight;

  CachedTokenSource(Clock clock, Tokens initial) {
    this.clock = clock;
    if (initial != null) {
      keep(initial);
    }
  }

  /** Fetches new tokens; {@code previous} is the last answer (its refresh token), or null. */
  protected abstract Tokens fetch(Tokens previous);

  /** Called with every new answer (a store that keeps the rotated refresh token, say). */
  protected void fetched(Tokens tokens) {}

  @Override
  public String token() {
    return tokens().accessToken();
  }

  /** The current tokens, renewed first when they are due. */
  public Tokens tokens() {
    CompletableFuture<Tokens> answer;
    Tokens previous;
    boolean mine = false;
    synchronized (lock) {
      if (current != null && clock.instant().isBefore(renewAt)) {
        return current;
      }
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        mine = true;
      }
      answer = inFlight;
      previous = current;
    }
    if (mine) {
      try {
        Tokens fresh = fetch(previous);
        synchronized (lock) {
          keep(fresh);
          inFlight = null;
        }
        fetched(fresh);
        answer.complete(fresh);
      } catch (RuntimeException e) {
        synchronized (lock) {
          inFlight = null;
        }
        answer.completeExceptionally(e);
      }
    }
    try {
      return answer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public void invalidate(String token) {
    synchronized (lock) {
      if (current != null && current.accessToken().equals(token)) {
        renewAt = Instant.MIN;
      }
    }
  }

  private void keep(Tokens tokens) {
    current = tokens;
    Instant now = clock.instant();
    if (tokens.expiresAt() == null) {
      renewAt = Instant.MIN;
      return;
    }
    Duration life = Duration.between(now, tokens.expiresAt());
    Duration margin = life.compareTo(MARGIN.multipliedBy(4)) < 0 ? life.dividedBy(4) : MARGIN;
    renewAt = tokens.expiresAt().minus(margin);
  }
}
