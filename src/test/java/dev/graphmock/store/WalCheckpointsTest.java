package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.model.EntityDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL copied back beside the writer, on a real SQLite file: pages committed after a period's first copy are
 * copied with the writer held, so that the next write starts the WAL over instead of growing it; a period with
 * fewer frames to copy than the threshold leaves the writer and the file alone; while the thread runs the WAL file stops growing; the writer's own
 * checkpoints move to the backstop only once the thread has its connection; close stops the thread, also while it
 * waits for the writer.
 */
class WalCheckpointsTest {
  @TempDir
  Path folder;
  Connection writer;
  Connection own;
  Statement statement;
  final ReentrantLock lock = new ReentrantLock(true);
  final ExecutorService other = Executors.newSingleThreadExecutor();
  /** Holds the writer's lock in place of a busy writer; its future fails the test if anything failed there. */
  final ExecutorService holders = Executors.newSingleThreadExecutor();

  @BeforeEach
  void open() throws SQLException {
    writer = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("w.db"));
    try (Statement setUp = writer.createStatement()) {
      setUp.execute("PRAGMA journal_mode = WAL");
      setUp.execute("CREATE TABLE t (x BLOB)");
    }
    own = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("w.db"));
    statement = own.createStatement();
  }

  @AfterEach
  void close() throws SQLException {
    other.shutdownNow();
    holders.shutdownNow();
    statement.close();
    own.close();
    writer.close();
  }

  /** Commits {@code rows} rows one by one, each a page or more of the WAL. */
  void write(int rows) throws SQLException {
    try (Statement insert = writer.createStatement()) {
      for (int i = 0; i < rows; i++) {
        insert.execute("INSERT INTO t VALUES (randomblob(3000))");
      }
    }
  }

  /** Writes as the store's writer does while the thread runs: under the writer's lock. */
  void writeUnderLock(int rows) throws SQLException {
    lock.lock();
    try {
      write(rows);
    } finally {
      lock.unlock();
    }
  }

  /** Takes the writer's lock on another thread and keeps it until {@code release} is counted down. */
  Future<?> holdLock(CountDownLatch release) throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    Future<?> holder = holders.submit(() -> {
      lock.lock();
      try {
        held.countDown();
        assertTrue(release.await(60, TimeUnit.SECONDS), "released");
      } finally {
        lock.unlock();
      }
      return null;
    });
    assertTrue(held.await(10, TimeUnit.SECONDS), "the lock was taken");
    return holder;
  }

  /**
   * Waits until the thread has ended a whole period begun after this call, so that what a test then finds (or does
   * not find) is what a period did with the writes made before the call. The period under way at the call may have
   * looked at the WAL before them, so two more must end. The bound only keeps a thread that never runs from hanging
   * the test.
   */
  static void awaitAPeriodAfterNow(WalCheckpoints checkpoints) throws InterruptedException {
    long ended = checkpoints.periods() + 2;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (checkpoints.periods() < ended) {
      assertTrue(checkpoints.running(), "the checkpoint thread is not running");
      assertTrue(System.nanoTime() < deadline, () -> "no period ended in 30 s: " + checkpoints.periods());
      Thread.sleep(5);
    }
  }

  /** How many of the WAL's frames are in the file, as a third connection's look (which copies nothing) says. */
  int copiedFrames() throws SQLException {
    try (Connection third = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("w.db"));
         Statement query = third.createStatement()) {
      return WalCheckpoints.checkpoint(query, "NOOP")[1];
    }
  }

  /** The WAL's length in frames, as a checkpoint from a third connection reports it. */
  int walFrames() throws SQLException {
    try (Connection third = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("w.db"));
         Statement query = third.createStatement()) {
      return WalCheckpoints.checkpoint(query, "PASSIVE")[0];
    }
  }

  @Test
  void pagesCommittedAfterThePeriodsFirstCopyAreCopiedWithTheWriterHeldAndTheWalStartsOver() throws Exception {
    WalCheckpoints checkpoints = new WalCheckpoints(() -> own, writer, lock, 1);
    write(50);
    int[] copied = checkpoints.copyBesideWriter(statement);
    assertTrue(copied[0] >= 50 && copied[0] == copied[1], "the first copy took the whole WAL: " + copied[0]);
    write(50); // committed after the first copy (a busy writer's are committed during it)
    checkpoints.finishUnderLock(statement);
    write(1);
    int frames = walFrames();
    // Left at what the first copy found, the WAL would hold the last 50 rows' pages and the new row's after them.
    assertTrue(frames <= 3, "the WAL started over with the next write: " + frames + " frames");
    assertEquals(101, count());
  }

  @Test
  void aPeriodWithFewerFramesThanTheThresholdLeavesTheWriterAloneAndOneWithMoreWaitsForIt() throws Exception {
    WalCheckpoints checkpoints = new WalCheckpoints(() -> own, writer, lock, 100);
    write(20);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> holder = holdLock(release);
    try {
      // The writer is busy (its lock held elsewhere); fewer than 100 frames wait to be copied.
      other.submit(() -> {
        checkpoints.checkpointOnce(statement);
        return null;
      }).get(10, TimeUnit.SECONDS);
      assertEquals(0, copiedFrames(), "nothing was copied");

      write(100);
      Future<?> withWrites = other.submit(() -> {
        checkpoints.checkpointOnce(statement);
        return null;
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!lock.hasQueuedThreads() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(lock.hasQueuedThreads(), "a period past the threshold copies, then waits for the writer's lock");
      assertFalse(withWrites.isDone());
      assertTrue(copiedFrames() >= 120, "the copy beside the writer was made");
      release.countDown();
      withWrites.get(10, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
    }
  }

  /** Below SQLite's threshold nothing is copied, so the file does not grow: on a full disk, freed space goes to the WAL. */
  @Test
  void belowTheThresholdTheThreadLeavesTheFileAsItIs() throws Exception {
    Path file = folder.resolve("w.db");
    long before = java.nio.file.Files.size(file);
    WalCheckpoints checkpoints = WalCheckpoints.start(() -> own, writer, lock);
    try {
      writeUnderLock(100);
      awaitAPeriodAfterNow(checkpoints);
      assertEquals(before, java.nio.file.Files.size(file), "the 100 rows are in the WAL only");
    } finally {
      checkpoints.close();
    }
    assertEquals(100, count());
  }

  @Test
  void aFileDatabaseRunsTheThreadWhichMovesTheWritersCheckpointsToTheBackstopAndItsCloseStopsIt() throws Exception {
    Set<Thread> before = checkpointThreads();
    EntityDef entity = new EntityDef("test.thing", "id", List.of(
        new PropertyDef("id", PropertyKind.STRING, false, null),
        new PropertyDef("value", PropertyKind.INT32, false, null)));
    Database database = Database.open(folder.resolve("d.db"), "test", entity, List.of());
    Set<Thread> started = checkpointThreads();
    started.removeAll(before);
    try {
      assertEquals(1, started.size(), "one thread for the file");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (database.inWriteTransaction(WalCheckpointsTest::autocheckpoint) != WalCheckpoints.BACKSTOP_PAGES
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(WalCheckpoints.BACKSTOP_PAGES, (int) database.inWriteTransaction(WalCheckpointsTest::autocheckpoint),
          "the writer checkpoints on its own only past the backstop");
    } finally {
      database.close();
    }
    assertFalse(started.iterator().next().isAlive(), "the database's close stopped its checkpoint thread");
  }

  @Test
  void whileTheThreadRunsTheWalStartsOverInsteadOfGrowing() throws Exception {
    WalCheckpoints checkpoints = WalCheckpoints.start(() -> own, writer, lock, 1);
    try {
      Path wal = folder.resolve("w.db-wal");
      for (int batch = 0; batch < 12; batch++) {
        writeUnderLock(10);
        awaitAPeriodAfterNow(checkpoints);
      }
      // 120 rows of 3 KB are 120 frames or more (500 KB); started over after each batch, the file holds one batch.
      long bytes = java.nio.file.Files.size(wal);
      assertTrue(bytes < 250_000, "WAL file " + bytes + " bytes");
      assertEquals(120, count());
    } finally {
      checkpoints.close();
    }
  }

  @Test
  void closeStopsTheThreadWhileItWaitsForTheWriter() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<?> holder = holdLock(release);
    try {
      WalCheckpoints checkpoints = WalCheckpoints.start(() -> own, writer, lock);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!lock.hasQueuedThreads() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(lock.hasQueuedThreads(), "the thread waits for the writer's lock");
      other.submit(checkpoints::close).get(10, TimeUnit.SECONDS);
      assertFalse(checkpoints.running());
    } finally {
      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutItsConnectionTheThreadLeavesTheWriterAtSqlitesDefault() throws Exception {
    // The writer is at SQLite's default from the start, so the check below means something only once the thread
    // has tried for its connection and ended: a thread that never ran would leave the same default.
    CountDownLatch asked = new CountDownLatch(1);
    WalCheckpoints checkpoints = WalCheckpoints.start(() -> {
      asked.countDown();
      throw new IllegalStateException("cannot open");
    }, writer, lock);
    assertTrue(asked.await(30, TimeUnit.SECONDS), "the thread asked for its connection");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (checkpoints.running() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertFalse(checkpoints.running(), "the thread ended without its connection");
    assertEquals(WalCheckpoints.SQLITE_DEFAULT_PAGES, autocheckpoint(writer));
    checkpoints.close();
  }

  private long count() throws SQLException {
    try (Statement query = writer.createStatement();
         java.sql.ResultSet result = query.executeQuery("SELECT count(*) FROM t")) {
      return result.getLong(1);
    }
  }

  private static int autocheckpoint(Connection connection) {
    try (Statement query = connection.createStatement();
         java.sql.ResultSet result = query.executeQuery("PRAGMA wal_autocheckpoint")) {
      return result.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<Thread> checkpointThreads() {
    Set<Thread> threads = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(WalCheckpoints.THREAD_NAME) && thread.isAlive()) {
        threads.add(thread);
      }
    }
    return threads;
  }
}
