package dev.graphmock.journal;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code --log requests}: one line per request for people watching a test run, as json-server and WireMock's
 * {@code --verbose} print them: time, method, path and query, status, milliseconds, request id; the requests
 * inside a {@code $batch} indented under it; a fault marked. Never a header, so never a token.
 */
public final class RequestLog implements Journal.Sink {
  private final PrintStream out;

  public RequestLog(PrintStream out) {
    this.out = out;
  }

  @Override
  public void write(JournalEntry entry, List<JournalEntry> items) {
    StringBuilder lines = new StringBuilder();
    line(entry, "", lines);
    for (JournalEntry item : items) {
      line(item, "    ", lines);
    }
    synchronized (out) {
      out.print(lines);
      out.flush();
    }
  }

  static void line(JournalEntry entry, String indent, StringBuilder lines) {
    lines.append(entry.time().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).append(' ').append(indent).append(entry.method()).append(' ')
        .append(entry.pathAndQuery()).append(' ')
        .append(entry.status() == 0 ? "---" : String.valueOf(entry.status()))
        .append(String.format(java.util.Locale.ROOT, " %.1f ms ", entry.durationMs())).append(entry.requestId());
    JournalEntry.Fault fault = entry.fault();
    if (fault != null) {
      lines.append(" [fault ").append(fault.source());
      if (fault.dropped()) {
        lines.append(": dropped");
      } else if (fault.status() != 0) {
        lines.append(": ").append(fault.status());
      }
      if (fault.latencyMs() != 0) {
        lines.append(", +").append(fault.latencyMs()).append(" ms");
      }
      lines.append(']');
    }
    lines.append(System.lineSeparator());
  }
}
