package dev.graphmock.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

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
  private final Connection writer;
  private final ReentrantLock lock;
  private final ConcurrentLinkedQueue<Write<?>> queue = new ConcurrentLinkedQueue<>();
  private final Savepoints savepoints;

  GroupCommit(Connection writer, ReentrantLock lock) {
    this.writer = writer;
    this.lock = lock;
    this.savepoints = new Savepoints(writer);
  }

  private record Write<R>(Transaction.Work<R> work, CompletableFuture<R> result) {
  }

  <R> R write(Transaction.Work<R> work) {
    Write<R> write = new Write<>(work, new CompletableFuture<>());
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
      Transaction.run(writer, connection -> {
        for (Write<?> write : batch) {
          completions.add(run(connection, write));
        }
        return null;
      });
    } catch (SQLException | RuntimeException | Error e) {
      // The commit itself failed (or the JVM is in trouble): none of the batch is durable, and no caller may be
      // left waiting for a result that will never come.
      Throwable failure = e instanceof SQLException sql ? failed(sql) : e;
      batch.forEach(write -> write.result().completeExceptionally(failure));
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
      write.result().complete(Transaction.run(writer, write.work()));
    } catch (SQLException e) {
      write.result().completeExceptionally(failed(e));
    } catch (RuntimeException e) {
      write.result().completeExceptionally(e);
    } catch (Error e) {
      write.result().completeExceptionally(e);
      throw e;
    }
  }

  /** Runs one write in a savepoint and returns how to complete its caller once the batch has committed. */
  private <R> Runnable run(Connection connection, Write<R> write) {
    savepoints.set();
    try {
      R value = write.work().run(connection);
      savepoints.release();
      return () -> write.result().complete(value);
    } catch (RuntimeException e) {
      savepoints.rollback();
      return () -> write.result().completeExceptionally(e);
    }
  }

  /** A transaction that could not begin, commit or end, as its callers see it (a full disk is a 507). */
  private static StoreException failed(SQLException e) {
    return SqliteDialect.INSTANCE.failure("a write transaction failed", e);
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
