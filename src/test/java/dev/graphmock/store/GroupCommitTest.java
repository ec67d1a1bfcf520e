package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.model.EntityDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that arrive together commit together, counted by SQLite's own commit hook; and they stay independent:
 * a failing one takes no other down with it.
 */
class GroupCommitTest {
  static final EntityDef ENTITY = new EntityDef("test.thing", "id", List.of(
      new PropertyDef("id", PropertyKind.STRING, false, null),
      new PropertyDef("value", PropertyKind.INT32, false, null)));

  @TempDir
  Path folder;

  static Map<String, Object> row(String id, int value) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("value", value);
    return row;
  }

  @Test
  void concurrentWritesShareTransactions() throws Exception {
    try (Database database = Database.open(folder.resolve("c.db"), "test", ENTITY, List.of())) {
      EntityStore store = new EntityStore(database, ENTITY);
      AtomicInteger commits = new AtomicInteger();
      ((SqliteDatabase) database).onCommit(commits::incrementAndGet);
      ExecutorService threads = Executors.newFixedThreadPool(32);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        int thread = t;
        work.add(threads.submit(() -> {
          for (int i = 0; i < 50; i++) {
            store.insert("t", row("c" + thread + "-" + i, i));
          }
          return null;
        }));
      }
      for (Future<?> done : work) {
        done.get();
      }
      threads.shutdown();
      int writes = 32 * 50;
      assertEquals(writes, store.count("t", null), "every write is there");
      // One commit per write would be 1,600; 32 writers queueing on one lock share transactions.
      assertTrue(commits.get() < writes * 3 / 4, "commits for " + writes + " writes: " + commits.get());
      System.out.printf("group commit: %d writes in %d commits%n", writes, commits.get());
    }
  }

  /**
   * Bursts of writes that start together and then stop: the last write of a burst has no later write to lead it,
   * so it returns only if the lead is always passed on or given up with nothing left queued.
   */
  @Test
  void noWriteIsLeftWaitingWhenABurstEnds() throws Exception {
    try (Database database = Database.open(folder.resolve("b.db"), "test", ENTITY, List.of())) {
      EntityStore store = new EntityStore(database, ENTITY);
      int writers = 8;
      int bursts = 300;
      ExecutorService threads = Executors.newFixedThreadPool(writers);
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < writers; t++) {
        int thread = t;
        work.add(threads.submit(() -> {
          for (int burst = 0; burst < bursts; burst++) {
            start.await(30, java.util.concurrent.TimeUnit.SECONDS);
            store.insert("t", row("b" + burst + "-" + thread, burst));
          }
          return null;
        }));
      }
      for (Future<?> done : work) {
        // A write left waiting stalls its thread, and the barrier of the next burst times out every other.
        done.get(120, java.util.concurrent.TimeUnit.SECONDS);
      }
      threads.shutdown();
      assertEquals(writers * bursts, store.count("t", null));
    }
  }

  @Test
  void concurrentWritesWithDuplicatesKeepEveryGoodWrite() throws Exception {
    try (Database database = Database.open(folder.resolve("t.db"), "test", ENTITY, List.of())) {
      EntityStore store = new EntityStore(database, ENTITY);
      ExecutorService threads = Executors.newFixedThreadPool(32);
      AtomicInteger duplicates = new AtomicInteger();
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        int thread = t;
        work.add(threads.submit(() -> {
          for (int i = 0; i < 100; i++) {
            store.insert("t", row("t" + thread + "-" + i, i));
            try {
              store.insert("t", row("shared-" + i, thread));
            } catch (DuplicateKeyException expected) {
              duplicates.incrementAndGet();
            }
            assertTrue(store.update("t", "t" + thread + "-" + i, Map.of("value", i + 1)));
          }
          return null;
        }));
      }
      for (Future<?> done : work) {
        done.get();
      }
      threads.shutdown();
      assertEquals(32 * 100 + 100, store.count("t", null));
      assertEquals(31 * 100, duplicates.get(), "every shared id taken exactly once");
      for (int t = 0; t < 32; t++) {
        assertEquals(100, store.find("t", "t" + t + "-99").orElseThrow().get("value"));
      }
    }
  }
}
