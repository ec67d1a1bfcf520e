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
 */
public final class Journal implements AutoCloseable {
  /** The most bytes the ring holds: 10,000 small entries fit in a tenth of it, 10,000 large ones would not. */
  public static final long BYTE_BUDGET = 64L * 1024 * 1024;

  /** Receives each entry as it is recorded, a {@code $batch} with the entries of the requests inside it. */
  public interface Sink extends AutoCloseable {
    void write(JournalEntry entry, List<JournalEntry> items);

    @Override
    default void close() {
    }
  }

  private final int capacity;
  private final List<Sink> sinks;
  private final ArrayDeque<JournalEntry> entries = new ArrayDeque<>();
  private long bytes;

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

  /** Records a request; for a {@code $batch}, {@code items} are the requests inside it, in the order they ran. */
  public void record(JournalEntry entry, List<JournalEntry> items) {
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
    entries.addFirst(entry);
    bytes += entry.weight();
    while (entries.size() > capacity || (bytes > BYTE_BUDGET && entries.size() > 1)) {
      bytes -= entries.removeLast().weight();
    }
  }

  /** The entries {@code filter} selects, newest first. */
  public List<JournalEntry> find(JournalFilter filter) {
    List<JournalEntry> found = new ArrayList<>();
    synchronized (entries) {
      for (Iterator<JournalEntry> it = entries.iterator(); it.hasNext() && found.size() < filter.limit(); ) {
        JournalEntry entry = it.next();
        if (filter.test(entry)) {
          found.add(entry);
        }
      }
    }
    return found;
  }

  public Optional<JournalEntry> get(String requestId) {
    synchronized (entries) {
      return entries.stream().filter(entry -> entry.requestId().equals(requestId)).findFirst();
    }
  }

  public void clear() {
    synchronized (entries) {
      entries.clear();
      bytes = 0;
    }
  }

  @Override
  public void close() {
    for (Sink sink : sinks) {
      sink.close();
    }
  }
}
