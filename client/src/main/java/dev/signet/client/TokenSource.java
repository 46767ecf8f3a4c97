package dev.signet.client;

import java.util.function.Function;

/** Something that hands out a currently valid access token, fetching a new one when it must. */
public interface TokenSource {

  /** A valid access token (cached while it is). */
  String token();

  /**
   * Tells the source that a resource server refused {@code token} (a {@code user_ver} bump, a
   * revoked key): the next {@link #token()} fetches a new one instead of the cached one.
   */
  void invalidate(String token);

  /**
   * Runs {@code call} with a token, and once more with a fresh token when the answer is 401: a
   * token minted before the user's {@code user_ver} went up is refused once, then replaced. A
   * second 401 is the caller's to see.
   */
  default <T> T withToken(Function<String, T> call) {
    String token = token();
    try {
      return call.apply(token);
    } catch (SignetException e) {
      if (e.status() != 401) {
        throw e;
      }
      invalidate(token);
      return call.apply(token());
    }
  }
}
