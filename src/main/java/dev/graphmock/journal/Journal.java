package dev.graphmock.journal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The last requests, newest first: at most {@code capacity} entries and at most {@link #BYTE_BUDGET} bytes of
 * them, the oldest forgotten first, so memory stays bounded whatever the bodies weigh. Every entry also goes to
 * the sinks (an NDJSON file, the terminal log) as it is recorded. Thread-safe; a capacity of 0 keeps nothing
 * (the sinks still see every entry).
 *
 * <p>Entries are kept encoded ({@link EntryCodec}) in one {@link ByteRing}, not as objects: a ring of 10,000
 * entries as objects is tens of megabytes that live just long enough to reach the old generation, and with the
 * serial collector every collection of the old generation stops the server to copy all of it (measured: 11 pauses
 * of up to 81 ms in 45 s of creates, which made the create p99 60 ms against 10 ms with the journal off). In one
 * array that is written over, they are no work for the collector at all. Reading decodes them again, which the
 * admin API's calls can afford.
 */
public final class Journal implements AutoCloseable {
  /**
   * The most bytes the ring holds: 10,000 creates (about 3 KB each, both bodies) fit in it, 10,000 pages of 25
   * events (30 KB) would not. 64 MiB before: the ring's last doubling held 96 MiB at once, the server's peak RSS.
   */
  public static final long BYTE_BUDGET = 32L * 1024 * 1024;

  /** Receives each entry as it is recorded, a {@code $batch} with the entries of the requests inside it. */
  public interface Sink extends AutoCloseable {
    void write(JournalEntry entry, List<JournalEntry> items);

    @Override
    default void close() {
    }
  }

  /** Where the ring starts; it doubles up to {@link #BYTE_BUDGET} only as far as the entries need. */
  private static final int INITIAL_BYTES = 256 * 1024;

  private final int capacity;
  private final List<Sink> sinks;
  /** Where each entry is in the ring, newest first. */
  private final ArrayDeque<Slot> entries = new ArrayDeque<>();
  private final ByteRing ring = new ByteRing(INITIAL_BYTES, (int) BYTE_BUDGET);

  private record Slot(long position, int length, String requestId) {
    long end() {
      return position + length;
    }
  }

  public Journal(int capacity, List<Sink> sinks) {
    if (capacity < 0) {
      throw new IllegalArgumentException("the journal size must be 0 or more, not " + capacity);
    }
    this.capacity = capacity;
    this.sinks = List.copyOf(sinks);
  }

  /** Whether anything at all is recorded, so that callers can skip building entries. */
  public boolean enabled() {
    return capacity > 0 || !sinks.isEmpty();
  }

  /**
   * Records a request, its secrets removed first ({@link Redaction}) so that neither the ring nor a sink ever holds
   * one; for a {@code $batch}, {@code items} are the requests inside it, in the order they ran.
   */
  public void record(JournalEntry sent, List<JournalEntry> sentItems) {
    JournalEntry entry = Redaction.entry(sent);
    List<JournalEntry> items = sentItems.stream().map(Redaction::entry).toList();
    if (capacity > 0) {
      synchronized (entries) {
        for (JournalEntry item : items) {
          add(item);
        }
        add(entry);
      }
    }
    for (Sink sink : sinks) {
      sink.write(entry, items);
    }
  }

  private void add(JournalEntry entry) {
    byte[] encoded = EntryCodec.encode(entry);
    if (encoded.length > ring.maxBytes()) {
      return;
    }
    while (!ring.makeRoom(encoded.length)) {
      ring.releaseUpTo(entries.removeLast().end());
    }
    entries.addFirst(new Slot(ring.append(encoded), encoded.length, entry.requestId()));
    while (entries.size() > capacity) {
      ring.releaseUpTo(entries.removeLast().end());
    }
  }

  /** The entries {@code filter} selects, newest first. */
  public List<JournalEntry> find(JournalFilter filter) {
    List<JournalEntry> found = new ArrayList<>();
    synchronized (entries) {
      for (Iterator<Slot> it = entries.iterator(); it.hasNext() && found.size() < filter.limit(); ) {
        JournalEntry entry = decode(it.next());
        if (filter.test(entry)) {
          found.add(entry);
        }
      }
    }
    return found;
  }

  public Optional<JournalEntry> get(String requestId) {
    synchronized (entries) {
      return entries.stream().filter(slot -> requestId.equals(slot.requestId())).findFirst().map(this::decode);
    }
  }

  private JournalEntry decode(Slot slot) {
    return EntryCodec.decode(ring.read(slot.position(), slot.length()));
  }

  public void clear() {
    synchronized (entries) {
      entries.clear();
      ring.clear();
    }
  }

  @Override
  public void close() {
    for (Sink sink : sinks) {
      sink.close();
    }
  }
}
