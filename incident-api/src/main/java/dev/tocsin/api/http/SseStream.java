package dev.tocsin.api.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One Server-Sent Events response: events are queued and written one at a time (a Jetty response
 * takes one write at a time), so a slow client never blocks the thread that offers them; a client
 * that falls {@value #MAX_QUEUED} events behind is disconnected (it resumes with Last-Event-ID).
 * Thread-safe.
 */
final class SseStream {
  static final int MAX_QUEUED = 10_000;

  private final Response response;
  private final Callback done;
  private final Deque<String> queue = new ArrayDeque<>();
  private boolean writing;
  private boolean closed;
  private Runnable onClose = () -> { };

  SseStream(Response response, Callback done) {
    this.response = response;
    this.done = done;
  }

  /** What to do once the stream ends (unsubscribe, stop pings). */
  synchronized void onClose(Runnable action) {
    onClose = action;
  }

  /** Queues one event; false once the stream is closed. */
  boolean event(String id, String type, String data) {
    StringBuilder text = new StringBuilder();
    if (id != null) {
      text.append("id: ").append(id).append('\n');
    }
    text.append("event: ").append(type).append('\n');
    for (String line : data.split("\n", -1)) {
      text.append("data: ").append(line).append('\n');
    }
    return offer(text.append('\n').toString());
  }

  /** Queues raw text (a comment, a retry field). */
  boolean offer(String text) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      if (queue.size() >= MAX_QUEUED) {
        fail(new IllegalStateException("client too slow"));
        return false;
      }
      queue.add(text);
      if (writing) {
        return true;
      }
      writing = true;
    }
    writeNext();
    return true;
  }

  private void writeNext() {
    StringBuilder next = new StringBuilder();
    synchronized (this) {
      if (queue.isEmpty() || closed) {
        writing = false;
        return;
      }
      // Everything queued goes in one write: fewer writes, and no callback chain as deep as the queue.
      while (!queue.isEmpty()) {
        next.append(queue.poll());
      }
    }
    response.write(false, ByteBuffer.wrap(next.toString().getBytes(StandardCharsets.UTF_8)),
        Callback.from(this::writeNext, this::fail));
  }

  private void fail(Throwable failure) {
    Runnable action;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      action = onClose;
    }
    action.run();
    done.failed(failure);
  }

  /** Ends the stream (the server is stopping). */
  void close() {
    fail(new IllegalStateException("stream closed"));
  }
}
