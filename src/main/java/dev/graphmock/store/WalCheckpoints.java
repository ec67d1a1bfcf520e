package dev.graphmock.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * Copies the WAL's committed pages back into the database file from a thread of its own, so that the writer does
 * not (issue 15). Left to SQLite, the commit that takes the WAL past 1,000 pages checkpoints it on the writer's
 * connection, while every write queued behind it waits: the copy, and the two {@code fsync}s of the WAL and the
 * file. Here the writer's own checkpoints are only a backstop ({@value #BACKSTOP_PAGES} pages), and every
 * {@value #PERIOD_MILLIS} ms this thread checkpoints on its own connection, beside the writer.
 *
 * <p>A checkpoint beside the writer copies what was committed when it began; the writer appends meanwhile, and
 * SQLite starts the WAL over only once every page in it has been copied back. So after each copy that found pages
 * this thread takes the writer's lock for a second, short checkpoint of the pages committed during the first: the
 * WAL is then whole in the file, and the next write starts it over instead of growing it.
 *
 * <p>Durability is SQLite's, unchanged: a commit is in the WAL before its caller returns; a checkpoint only moves
 * committed pages, and a failed one leaves them in the WAL for the next (or for the writer's backstop).
 */
final class WalCheckpoints implements AutoCloseable {
  /** How often the WAL is copied back; at 8,000 creates/s about 4,000 pages are written in that time. */
  static final long PERIOD_MILLIS = 100;
  /** The writer checkpoints on its own only past this many pages (16 MB of WAL at SQLite's 4 KiB pages). */
  static final int BACKSTOP_PAGES = 4_000;
  static final String THREAD_NAME = "graphmock-wal-checkpoints";

  /** Opens the thread's own read-write connection, on the thread, so that a start does not wait for it. */
  private final Supplier<Connection> open;
  private final Lock writerLock;
  private final Thread thread;
  private volatile boolean closed;
  /** The WAL's length in pages after the last checkpoint that found it whole; unchanged while nothing is written. */
  private int wholeAt = -1;

  /** Not started: {@link #start} starts one; a test runs its steps on its own thread. */
  WalCheckpoints(Supplier<Connection> open, Lock writerLock) {
    this.open = open;
    this.writerLock = writerLock;
    this.thread = new Thread(this::run, THREAD_NAME);
    this.thread.setDaemon(true);
  }

  /**
   * Sets the writer's own checkpoints to the backstop and starts checkpointing, on a connection {@code open}
   * makes (read-write, to the writer's file). Call while no other thread uses the writer.
   */
  static WalCheckpoints start(Supplier<Connection> open, Connection writer, Lock writerLock) throws SQLException {
    try (Statement statement = writer.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint = " + BACKSTOP_PAGES);
    }
    WalCheckpoints checkpoints = new WalCheckpoints(open, writerLock);
    checkpoints.thread.start();
    return checkpoints;
  }

  private void run() {
    try (Connection connection = open.get(); Statement statement = connection.createStatement()) {
      while (!closed) {
        Thread.sleep(PERIOD_MILLIS);
        try {
          checkpointOnce(statement);
        } catch (SQLException e) {
          // A full disk or a failing one: the pages stay in the WAL, and the next period (or the writer's
          // backstop) tries again. Nothing is lost, and the writer reports such a disk on its own writes.
        }
      }
    } catch (InterruptedException e) {
      // Closing.
    } catch (SQLException | RuntimeException e) {
      // No connection, or it is gone: the writer's backstop checkpoints from now on.
    }
  }

  /** One period's work. */
  void checkpointOnce(Statement statement) throws SQLException, InterruptedException {
    finishUnderLock(statement, copyBesideWriter(statement));
  }

  /** The period's copy, beside the writer; returns the WAL's length and how much of it is now in the file. */
  int[] copyBesideWriter(Statement statement) throws SQLException {
    return checkpoint(statement);
  }

  /** Copies what was committed during {@code copied}'s checkpoint, with the writer held, unless there was nothing. */
  void finishUnderLock(Statement statement, int[] copied) throws SQLException, InterruptedException {
    if (copied[0] <= 0 || copied[0] == copied[1] && copied[0] == wholeAt) {
      return; // Started over and empty, or whole since the last period with nothing written since.
    }
    writerLock.lockInterruptibly();
    int[] whole;
    try {
      whole = checkpoint(statement);
    } finally {
      writerLock.unlock();
    }
    wholeAt = whole[0] == whole[1] ? whole[0] : -1;
  }

  /** Returns the WAL's length and how much of it is now in the file, in pages. */
  static int[] checkpoint(Statement statement) throws SQLException {
    try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      result.next();
      return new int[] {result.getInt(2), result.getInt(3)};
    }
  }

  /** Stops the thread (waiting for a checkpoint under way), which closes its connection; call without the lock. */
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
