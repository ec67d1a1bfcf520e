package dev.graphmock.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL's committed pages back into the database file from a thread of its own, beside the writer (issue
 * 15). Left to SQLite, the commit that takes the WAL past 1,000 pages checkpoints it on the writer's connection,
 * while every write queued behind it waits for the whole copy and the two {@code fsync}s of the WAL and the file.
 * Here every {@value #PERIOD_MILLIS} ms this thread looks at the WAL (SQLite's {@code NOOP} checkpoint, which only
 * reports), and once {@value #COPY_FROM_FRAMES} frames or more wait to be copied, as SQLite's own threshold has it,
 * checkpoints on its own connection; the writer's own checkpoints are only a backstop ({@value #BACKSTOP_PAGES}
 * pages) while the thread runs. Below the threshold the file does not grow at all, as before: on a nearly full disk
 * the space a client frees goes to the WAL its writes need, not to copies of what the WAL already holds.
 *
 * <p>A checkpoint beside the writer copies what was committed when it began; the writer appends meanwhile, and
 * SQLite starts the WAL over only once every page in it has been copied back. So after each such copy this thread
 * takes the writer's lock for a second checkpoint: it copies what was committed since the first, and
 * {@code fsync}s the WAL and the file (SQLite syncs the file only when a copy reaches the WAL's end, which a copy
 * beside a busy writer seldom does). The WAL is then whole in the file, and the next write starts it over instead of
 * growing it, unless a read begun before is still running (then a later period does).
 *
 * <p>Durability is SQLite's, unchanged: a commit is in the WAL before its caller returns; a checkpoint only moves
 * committed pages, and a failed one leaves them in the WAL for the next (or for the writer's own).
 */
final class WalCheckpoints implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpoints.class);

  /** How often the WAL is looked at; 3,700 creates/s, from a cold start, write 2,500-3,000 frames in that time. */
  static final long PERIOD_MILLIS = 100;
  /** SQLite's own threshold, which the writer goes back to if the thread stops before the database closes. */
  static final int SQLITE_DEFAULT_PAGES = 1_000;
  /** How many frames not yet copied make a period copy them: SQLite's own threshold for its writer's checkpoints. */
  static final int COPY_FROM_FRAMES = SQLITE_DEFAULT_PAGES;
  /**
   * While the thread runs, the writer checkpoints on its own only past this many pages (32 MB of 4 KiB pages):
   * about three periods' writing, so that only a thread held up (a full disk, a long read) leaves it to the writer.
   */
  static final int BACKSTOP_PAGES = 8_000;
  /** A WAL file left larger than this by a burst is cut back to it when SQLite starts the WAL over. */
  static final long WAL_FILE_LIMIT_BYTES = 32L << 20;
  static final String THREAD_NAME = "graphmock-wal-checkpoints";

  /** Opens the thread's own read-write connection, on the thread, so that a start does not wait for it. */
  private final Supplier<Connection> open;
  private final Connection writer;
  private final Lock writerLock;
  private final Thread thread;
  private final int copyFromFrames;
  /** Periods whose look at the WAL has ended, copied or not: what a test waits for before saying nothing happened. */
  private final AtomicLong periods = new AtomicLong();
  private volatile boolean closed;

  /** Not started: {@link #start} starts one; a test runs its steps on its own thread. */
  WalCheckpoints(Supplier<Connection> open, Connection writer, Lock writerLock, int copyFromFrames) {
    this.open = open;
    this.copyFromFrames = copyFromFrames;
    this.writer = writer;
    this.writerLock = writerLock;
    this.thread = new Thread(this::run, THREAD_NAME);
    this.thread.setDaemon(true);
  }

  /**
   * Starts checkpointing the file {@code writer} writes, on a connection {@code open} makes (read-write, to the same
   * file); the thread moves the writer's own checkpoints to the backstop once it has its connection, under
   * {@code writerLock}, the lock every use of {@code writer} holds.
   */
  static WalCheckpoints start(Supplier<Connection> open, Connection writer, Lock writerLock) {
    return start(open, writer, writerLock, COPY_FROM_FRAMES);
  }

  /** The same with another threshold (for tests). */
  static WalCheckpoints start(Supplier<Connection> open, Connection writer, Lock writerLock, int copyFromFrames) {
    WalCheckpoints checkpoints = new WalCheckpoints(open, writer, writerLock, copyFromFrames);
    checkpoints.thread.start();
    return checkpoints;
  }

  private void run() {
    try (Connection connection = open.get(); Statement statement = connection.createStatement()) {
      setWriters(BACKSTOP_PAGES);
      try {
        while (!closed) {
          Thread.sleep(PERIOD_MILLIS);
          try {
            checkpointOnce(statement);
          } catch (SQLException e) {
            // A full disk or a failing one: the pages stay in the WAL, and the next period (or the writer's
            // backstop) tries again. Nothing is lost, and the writer reports such a disk on its own writes.
          }
          periods.incrementAndGet();
        }
      } finally {
        if (!closed) {
          setWriters(SQLITE_DEFAULT_PAGES);
        }
      }
    } catch (InterruptedException e) {
      // Closing.
    } catch (SQLException | RuntimeException e) {
      if (!closed) {
        LOG.warn("WAL checkpoints beside the writer stopped ({}); the writer checkpoints on its own",
            e.getClass().getSimpleName());
      }
    }
  }

  /** Sets how many pages of WAL make the writer checkpoint on its own, and the size its WAL file is cut back to. */
  private void setWriters(int pages) throws SQLException, InterruptedException {
    writerLock.lockInterruptibly();
    try (Statement statement = writer.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint = " + pages);
      statement.execute("PRAGMA journal_size_limit = " + WAL_FILE_LIMIT_BYTES);
    } finally {
      writerLock.unlock();
    }
  }

  /** One period's work: nothing until enough waits to be copied, then a copy beside the writer and one under it. */
  void checkpointOnce(Statement statement) throws SQLException, InterruptedException {
    int[] wal = checkpoint(statement, "NOOP");
    if (wal[0] - wal[1] < copyFromFrames) {
      return;
    }
    copyBesideWriter(statement);
    finishUnderLock(statement);
  }

  /** The period's copy, beside the writer; returns the WAL's length and how much of it is now in the file. */
  int[] copyBesideWriter(Statement statement) throws SQLException {
    return checkpoint(statement, "PASSIVE");
  }

  /** Copies what was committed since the copy beside the writer, with the writer held. */
  void finishUnderLock(Statement statement) throws SQLException, InterruptedException {
    writerLock.lockInterruptibly();
    try {
      checkpoint(statement, "PASSIVE");
    } finally {
      writerLock.unlock();
    }
  }

  /**
   * Returns the WAL's length and how much of it is in the file, in frames (-1 and -1 if it is not in WAL), after a
   * checkpoint of {@code mode}: PASSIVE copies what it can beside the writer and readers; NOOP only reports.
   */
  static int[] checkpoint(Statement statement, String mode) throws SQLException {
    try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
      result.next();
      return new int[] {result.getInt(2), result.getInt(3)};
    }
  }

  /** How many periods the thread has ended (for tests). */
  long periods() {
    return periods.get();
  }

  /** Whether the thread is still running (for tests). */
  boolean running() {
    return thread.isAlive();
  }

  /**
   * Stops the thread, interrupting a wait for the writer's lock and waiting for a checkpoint under way; the thread
   * closes its connection as it ends.
   */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
