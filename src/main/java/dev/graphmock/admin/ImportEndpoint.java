package dev.graphmock.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /__admin/import} in two steps, so that a slow upload blocks no writer:
 * <ol>
 * <li>receive: the body is copied into a temporary file ({@link ImportSpool}), each NDJSON line checked as it
 *     arrives for its length and its UTF-8 ({@link CheckedLines}), with no lock and nothing held but one line;</li>
 * <li>load: the store's load, one write transaction, reads the events from that file at the disk's pace, each
 *     checked as a {@code POST} body is ({@link ImportSource}); all or none.</li>
 * </ol>
 * The store's load used to pull events from the request as they arrived, holding the write transaction, and so
 * every other writer, for as long as the client took to send them. A line refused in the first step is named by
 * its number before any event is checked; every other refusal names the first bad event's position as before.
 */
final class ImportEndpoint {
  /** What loads the received body, in one transaction: all or none. */
  interface Loader {
    /** What the body holds, as a message names one ("event", "entity"). */
    String noun();

    /** {@link #noun}, more than one. */
    String nouns();

    AdminResponse load(AdminRequest request, String tenant, boolean upsert, boolean ndjson, InputStream body);
  }

  private final Loader loader;
  private final Path spoolFolder;

  ImportEndpoint(Loader loader, Path spoolFolder) {
    this.loader = loader;
    this.spoolFolder = spoolFolder;
  }

  AdminResponse handle(AdminRequest request, String tenant) {
    String mode = request.parameters().getOrDefault("mode", "insert");
    if (!mode.equals("insert") && !mode.equals("upsert")) {
      return AdminApi.error(400, "BadRequest", "mode must be insert (the default: a taken id is a 409) or upsert (a"
          + " taken id is replaced), not '" + mode + "'.", request);
    }
    String type = request.contentType() == null ? "" : request.contentType().toLowerCase(Locale.ROOT);
    boolean ndjson = type.startsWith("application/x-ndjson");
    if (!ndjson && !type.startsWith("application/json")) {
      return AdminApi.error(415, "UnsupportedMediaType", "Send the " + loader.nouns() + " as application/json"
          + " ({\"value\":[…]}, Graph's collection page) or application/x-ndjson (one " + loader.noun() + " a line),"
          + " not '" + request.contentType() + "'.", request);
    }
    try (ImportSpool spool = ImportSpool.create(spoolFolder)) {
      try {
        receive(request.body(), ndjson, spool);
      } catch (ImportSource.BadEvent e) {
        discardRest(request.body());
        return AdminApi.error(400, "BadRequest", e.getMessage() + " Nothing was imported.", request);
      } catch (IOException e) {
        // The client went or stalled past the idle timeout (it will rarely read this); the exception's message is
        // Jetty's and may name its classes, which an error body must not.
        return AdminApi.error(400, "BadRequest", "The import's body ended before it was complete or could not be"
            + " read; nothing was imported.", request);
      }
      return loader.load(request, tenant, mode.equals("upsert"), ndjson, spool.read());
    } catch (ImportSpool.SpoolException e) {
      discardRest(request.body());
      LoggerFactory.getLogger(ImportEndpoint.class).warn("import {}: the temporary folder {} could not take the"
          + " upload ({}); answered 507", request.requestId(), spoolFolder, e.getMessage());
      return AdminApi.error(507, "InsufficientStorage", "The server has no room to receive this import (its"
          + " temporary folder is full or cannot be written); nothing was imported. Retry once space is freed.",
          request);
    }
  }

  /**
   * Reads what is left of a body refused before its end, keeping none of it, so that the client, still sending,
   * gets the answer: a connection closed with the client's bytes unread is reset, and the reset can discard the
   * answer before the client reads it (RFC 9112 §9.6; seen here as an empty reply to a refused endless line).
   */
  private static void discardRest(InputStream body) {
    byte[] buffer = new byte[64 * 1024];
    try {
      while (body.read(buffer) >= 0) {
        // Nothing is kept: the answer is decided.
      }
    } catch (IOException e) {
      // The client went: there is no one left to answer.
    }
  }

  /** Copies the body into {@code spool}, refusing an NDJSON line that is too long or not UTF-8. */
  private static void receive(InputStream body, boolean ndjson, ImportSpool spool)
      throws IOException, ImportSource.BadEvent, ImportSpool.SpoolException {
    if (!ndjson) {
      spool.copy(body);
      return;
    }
    CheckedLines lines = new CheckedLines(body, AdminApi.MAX_EVENT_BYTES);
    try {
      while (lines.next()) {
        spool.write(lines.buffer(), 0, lines.length());
        spool.write('\n');
      }
    } catch (CheckedLines.BadLine e) {
      throw new ImportSource.BadEvent(e);
    }
  }
}
