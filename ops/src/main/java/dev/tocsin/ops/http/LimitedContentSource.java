package dev.tocsin.ops.http;

import org.eclipse.jetty.io.Content;

/**
 * A content source that fails with {@link BodyTooLargeException} once more than a limit of bytes
 * was read, whatever Content-Length claimed (chunked bodies have none). Not thread-safe: one reader.
 */
public final class LimitedContentSource implements Content.Source {
  private final Content.Source delegate;
  private final long limit;
  private long total;
  private Content.Chunk failure;

  public LimitedContentSource(Content.Source delegate, long limit) {
    this.delegate = delegate;
    this.limit = limit;
  }

  @Override
  public Content.Chunk read() {
    if (failure != null) {
      return failure;
    }
    Content.Chunk chunk = delegate.read();
    if (chunk == null || Content.Chunk.isFailure(chunk)) {
      return chunk;
    }
    total += chunk.remaining();
    if (total > limit) {
      chunk.release();
      failure = Content.Chunk.from(new BodyTooLargeException(limit), true);
      return failure;
    }
    return chunk;
  }

  @Override
  public void demand(Runnable demandCallback) {
    delegate.demand(demandCallback);
  }

  @Override
  public void fail(Throwable cause) {
    delegate.fail(cause);
  }

  @Override
  public long getLength() {
    return delegate.getLength();
  }
}
