package dev.graphmock.admin;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The stream under a collection page's JSON parser, which bounds one event of {@code value} at a time: while an
 * event is read, no byte more than {@code maxBytes} past its start is handed to the parser, and asking for one is
 * {@link EventTooLargeException}. The parser alone would read an event whole however long it is: a string value
 * until Jackson's own string limit (tens of megabytes of chars, and a message naming Jackson's internals),
 * white space and skipped annotations without any limit. Outside an event (between events, and annotations of
 * the page itself) bytes pass freely: the parser holds no more of those than its buffer.
 */
final class EventFence extends FilterInputStream {
  /** An event went past the limit; the parser stops there. */
  static final class EventTooLargeException extends IOException {
    EventTooLargeException(int maxBytes) {
      super("it is longer than " + maxBytes + " bytes, the most one event may take (as for a POST body).");
    }
  }

  private final int maxBytes;
  private long position;
  private long end = Long.MAX_VALUE;

  EventFence(InputStream in, int maxBytes) {
    super(in);
    this.maxBytes = maxBytes;
  }

  /** How many bytes have been handed on. */
  long position() {
    return position;
  }

  /** An event begins at byte {@code start} of the stream (as the parser counts them): bound it. */
  void eventAt(long start) {
    end = start + maxBytes;
  }

  /** The event ended within its bound: let bytes pass freely again. */
  void eventEnded() {
    end = Long.MAX_VALUE;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position >= end) {
      throw new EventTooLargeException(maxBytes);
    }
    int read = super.read(buffer, offset, (int) Math.min(length, end - position));
    if (read > 0) {
      position += read;
    }
    return read;
  }

  @Override
  public long skip(long count) throws IOException {
    byte[] discarded = new byte[(int) Math.min(count, 8192)];
    int read = read(discarded, 0, discarded.length);
    return Math.max(read, 0);
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(super.available(), Math.max(0, end - position));
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
