package dev.signet.common.internal;

import io.quarkus.rest.client.reactive.ReactiveClientHeadersFactory;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Adds {@code Authorization: Bearer <signet:internal token>} to a REST client's calls; register it
 * with {@code @RegisterClientHeaders(InternalAuthHeaders.class)}. When the token cannot be had the
 * call fails, and the caller retries as it would after any transport error.
 */
@ApplicationScoped
public class InternalAuthHeaders extends ReactiveClientHeadersFactory {

  private final InternalTokenSource tokens;

  InternalAuthHeaders(InternalTokenSource tokens) {
    this.tokens = tokens;
  }

  @Override
  public Uni<MultivaluedMap<String, String>> getHeaders(
      MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
    return tokens
        .token()
        .map(
            token -> {
              MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
              token.ifPresent(t -> headers.putSingle("Authorization", "Bearer " + t));
              return headers;
            });
  }
}
