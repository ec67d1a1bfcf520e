package dev.graphmock.journal;

/**
 * A circular buffer of bytes that records are appended to and forgotten from the oldest end, addressed by
 * logical positions that only grow (a record written at position p stays at p until it is released). It starts
 * small and doubles, up to {@code maxBytes}, only while what it must hold does not fit; after that it is one array
 * that is written over, never reallocated. Not thread-safe: {@link Journal} guards it.
 */
final class ByteRing {
  private final int maxBytes;
  private byte[] buffer;
  /** The logical position after the newest byte. */
  private long head;
  /** The logical position of the oldest byte still held. */
  private long tail;

  ByteRing(int initialBytes, int maxBytes) {
    this.maxBytes = maxBytes;
    this.buffer = new byte[Math.min(initialBytes, maxBytes)];
  }

  int maxBytes() {
    return maxBytes;
  }

  /** Whether {@code length} more bytes fit now, growing the buffer (up to its maximum) if that makes them fit. */
  boolean makeRoom(int length) {
    long needed = head - tail + length;
    if (needed <= buffer.length) {
      return true;
    }
    if (needed > maxBytes) {
      return false;
    }
    int size = buffer.length;
    while (size < needed) {
      size = (int) Math.min(maxBytes, size * 2L);
    }
    byte[] grown = new byte[size];
    for (long position = tail; position < head; ) {
      int from = (int) (position % buffer.length);
      int to = (int) (position % size);
      int run = (int) Math.min(head - position, Math.min(buffer.length - from, size - to));
      System.arraycopy(buffer, from, grown, to, run);
      position += run;
    }
    buffer = grown;
    return true;
  }

  /** Appends {@code data}, which {@link #makeRoom} said fits, and returns its position. */
  long append(byte[] data) {
    long position = head;
    int from = (int) (position % buffer.length);
    int first = Math.min(data.length, buffer.length - from);
    System.arraycopy(data, 0, buffer, from, first);
    System.arraycopy(data, first, buffer, 0, data.length - first);
    head += data.length;
    return position;
  }

  /** The {@code length} bytes held at {@code position}. */
  byte[] read(long position, int length) {
    byte[] data = new byte[length];
    int from = (int) (position % buffer.length);
    int first = Math.min(length, buffer.length - from);
    System.arraycopy(buffer, from, data, 0, first);
    System.arraycopy(buffer, 0, data, first, length - first);
    return data;
  }

  /** Forgets everything before {@code position} (the end of the oldest record being dropped). */
  void releaseUpTo(long position) {
    tail = position;
  }

  void clear() {
    tail = head;
  }
}
