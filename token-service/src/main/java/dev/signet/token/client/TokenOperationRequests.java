package dev.signet.token.client;

import dev.signet.common.reactive.RunToCompletion;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.oauth.OAuthRequests;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BiFunction;

/**
 * The front shared by introspection (RFC 7662) and revocation (RFC 7009): per-address rate limit, a
 * required {@code token}, an optional {@code token_type_hint}, an authenticated client.
 */
@ApplicationScoped
public class TokenOperationRequests {

  private final OAuthRequests requests;
  private final ClientAuthenticator authenticator;

  TokenOperationRequests(OAuthRequests requests, ClientAuthenticator authenticator) {
    this.requests = requests;
    this.authenticator = authenticator;
  }

  /** An operation that also reads the request's other parameters. */
  @FunctionalInterface
  public interface Operation<T> {
    Uni<T> apply(String token, String clientId, OAuthRequest request);
  }

  /** As {@link #handle}, for an operation that reads more parameters of the request. */
  public <T> Uni<T> handleRequest(byte[] body, HttpServerRequest http, Operation<T> operation) {
    return RunToCompletion.of(
        () -> {
          OAuthRequest request = requests.accept(body, http);
          String token = request.required("token");
          request.param("token_type_hint");
          return authenticator
              .authenticate(request)
              .invoke(
                  client -> {
                    // Anyone can name a public client: it must not turn introspection into an
                    // open token oracle. It may still revoke its own tokens (RFC 7009 section 5).
                    if (client.account().isPublic()) {
                      throw OAuthException.of(
                          OAuthError.UNAUTHORIZED_CLIENT, "A public client may not introspect.");
                    }
                  })
              .chain(client -> operation.apply(token, client.clientId(), request));
        });
  }

  /**
   * Runs the operation with the presented token and the authenticated client's id, to the end even
   * if the client hangs up (a revocation that started is carried out).
   */
  public <T> Uni<T> handle(
      byte[] body, HttpServerRequest http, BiFunction<String, String, Uni<T>> operation) {
    return RunToCompletion.of(
        () -> {
          OAuthRequest request = requests.accept(body, http);
          String token = request.required("token");
          request.param("token_type_hint"); // a hint only; an unknown one is ignored
          return authenticator
              .authenticate(request)
              .chain(client -> operation.apply(token, client.clientId()));
        });
  }
}
