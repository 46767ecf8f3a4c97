package dev.signet.common.reactive;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work that must not stop halfway because its caller went away. Quarkus REST cancels a request's
 * Uni when the client closes the connection; inside a Hibernate Reactive transaction that closes
 * the session under a live transaction (HR000090) and rolls back a change the server already acted
 * on, e.g. a token that was signed and may have been sent. Here the work runs on its own
 * subscription, started on the caller's thread and context, and a cancellation only stops the
 * caller from waiting for it.
 */
public final class RunToCompletion {

  private RunToCompletion() {}

  public static <T> Uni<T> of(Supplier<Uni<T>> work) {
    return Uni.createFrom()
        .deferred(
            () -> {
              CompletableFuture<T> result = new CompletableFuture<>();
              work.get().subscribe().with(result::complete, result::completeExceptionally);
              return Uni.createFrom().completionStage(result);
            });
  }
}
