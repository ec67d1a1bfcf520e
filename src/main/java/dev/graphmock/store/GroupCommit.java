package dev.graphmock.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit for the single SQLite writer: writes that arrive together share one transaction, and each caller
 * returns only after that transaction has committed, so an acknowledged write is a durable one.
 *
 * <p>Leader/follower, no extra thread: a caller queues its write and takes the writer lock; whoever holds it
 * drains everything queued, runs each write in a savepoint (a failing write is rolled back alone and its caller
 * gets the exception) and commits once. Callers whose writes were carried by another leader find their result
 * ready when they get the lock. Under one client this is one transaction per write, as before; under many it
 * replaces N commits (N WAL appends and lock handovers) by one.
 */
final class GroupCommit {
  private final Jdbi writer;
  private final ReentrantLock lock;
  private final ConcurrentLinkedQueue<Write<?>> queue = new ConcurrentLinkedQueue<>();
  private final Savepoints savepoints;

  GroupCommit(Jdbi writer, java.sql.Connection connection, ReentrantLock lock) {
    this.writer = writer;
    this.lock = lock;
    this.savepoints = new Savepoints(connection);
  }

  private record Write<R>(HandleCallback<R, RuntimeException> callback, CompletableFuture<R> result) {
  }

  <R> R write(HandleCallback<R, RuntimeException> callback) {
    Write<R> write = new Write<>(callback, new CompletableFuture<>());
    queue.add(write);
    lock.lock();
    try {
      if (!write.result().isDone()) {
        lead();
      }
    } finally {
      lock.unlock();
    }
    try {
      return write.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while writing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new StoreException("write failed", e.getCause());
    }
  }

  /** Runs every queued write in one transaction; called with the lock held. */
  private void lead() {
    List<Write<?>> batch = new ArrayList<>();
    for (Write<?> next = queue.poll(); next != null; next = queue.poll()) {
      batch.add(next);
    }
    if (batch.size() == 1) {
      runAlone(batch.get(0));
      return;
    }
    List<Runnable> completions = new ArrayList<>(batch.size());
    try {
      writer.useTransaction(handle -> {
        for (Write<?> write : batch) {
          completions.add(run(handle, write));
        }
      });
    } catch (RuntimeException | Error e) {
      // The commit itself failed (or the JVM is in trouble): none of the batch is durable, and no caller may be
      // left waiting for a result that will never come.
      batch.forEach(write -> write.result().completeExceptionally(e));
      if (e instanceof Error error) {
        throw error;
      }
      return;
    }
    completions.forEach(Runnable::run);
  }

  /** A write with nothing queued beside it needs no savepoint: its own transaction is rolled back if it fails. */
  private <R> void runAlone(Write<R> write) {
    try {
      write.result().complete(writer.inTransaction(write.callback()));
    } catch (RuntimeException e) {
      write.result().completeExceptionally(e);
    } catch (Error e) {
      write.result().completeExceptionally(e);
      throw e;
    }
  }

  /** Runs one write in a savepoint and returns how to complete its caller once the batch has committed. */
  private <R> Runnable run(Handle handle, Write<R> write) {
    savepoints.set();
    try {
      R value = write.callback().withHandle(handle);
      savepoints.release();
      return () -> write.result().complete(value);
    } catch (RuntimeException e) {
      savepoints.rollback();
      return () -> write.result().completeExceptionally(e);
    }
  }

  /** SAVEPOINT, RELEASE and ROLLBACK TO, prepared once on the writer connection. */
  private static final class Savepoints {
    private final java.sql.Connection connection;
    private java.sql.PreparedStatement set;
    private java.sql.PreparedStatement release;
    private java.sql.PreparedStatement rollback;

    Savepoints(java.sql.Connection connection) {
      this.connection = connection;
    }

    void set() {
      set = execute(set, "SAVEPOINT graphmock_write");
    }

    void release() {
      release = execute(release, "RELEASE graphmock_write");
    }

    void rollback() {
      rollback = execute(rollback, "ROLLBACK TO graphmock_write");
      release();
    }

    private java.sql.PreparedStatement execute(java.sql.PreparedStatement statement, String sql) {
      try {
        java.sql.PreparedStatement prepared = statement == null ? connection.prepareStatement(sql) : statement;
        prepared.execute();
        return prepared;
      } catch (java.sql.SQLException e) {
        throw new StoreException(sql + " failed", e);
      }
    }
  }
}
