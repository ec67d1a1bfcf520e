package dev.graphmock.journal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends each entry to a file as one JSON line ({@code --journal FILE}), the requests inside a {@code $batch}
 * before the batch itself, flushed per request so that a reader tailing the file sees each as it completes. A new
 * file is its owner's alone ({@link OwnerOnlyFile}).
 */
public final class NdjsonFileSink implements Journal.Sink {
  private final Path file;
  private final OutputStream out;
  private boolean failed;

  public NdjsonFileSink(Path file) throws IOException {
    this.file = file;
    Path folder = file.toAbsolutePath().getParent();
    if (folder != null) {
      Files.createDirectories(folder);
    }
    OwnerOnlyFile.createIfAbsent(file);
    this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE));
  }

  @Override
  public synchronized void write(JournalEntry entry, List<JournalEntry> items) {
    if (failed) {
      return;
    }
    try {
      for (JournalEntry item : items) {
        line(item);
      }
      line(entry);
      out.flush();
    } catch (IOException e) {
      // A full disk must not fail the requests being recorded; say so once and stop writing.
      failed = true;
      org.slf4j.LoggerFactory.getLogger(NdjsonFileSink.class).warn("--journal {}: cannot write ({}); no more"
          + " entries will be written to it", file, e.getMessage());
    }
  }

  private void line(JournalEntry entry) throws IOException {
    JournalJson.one(entry, new NonClosing(out));
    out.write('\n');
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lets a JSON generator write to the file without closing it when the generator closes. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
