package dev.signet.common.auth.jwks;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to {@code cap} bytes: one byte more cancels the download and
 * fails the body with {@link TooLarge}, so a hostile issuer cannot make us buffer without bound.
 */
public final class CappedBody implements java.net.http.HttpResponse.BodySubscriber<byte[]> {

  /** The body passed the cap. */
  public static final class TooLarge extends RuntimeException {
    TooLarge(int cap) {
      super("response body over " + cap + " bytes");
    }
  }

  private final int cap;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  public CappedBody(int cap) {
    this.cap = cap;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      if (out.size() + item.remaining() > cap) {
        subscription.cancel();
        result.completeExceptionally(new TooLarge(cap));
        return;
      }
      byte[] chunk = new byte[item.remaining()];
      item.get(chunk);
      out.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(out.toByteArray());
  }
}
