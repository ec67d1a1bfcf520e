package dev.graphmock.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.graphmock.json.EntityJsonReader;
import dev.graphmock.json.InvalidEntityException;
import dev.graphmock.json.NewEntities;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The events of an import body, read one at a time as the store asks for them, each read by a {@link Reading}
 * (for the bundled collection: checked exactly as a {@code POST} body is and completed as a create is,
 * {@link #events}; for a place of the engine's, kept as a tree for its checks, {@link SetImport}): Graph's collection page
 * ({@code {"value":[…]}}, annotations such as {@code @odata.context} or {@code @odata.nextLink} skipped, so a saved
 * Graph response or an export loads as it is) or NDJSON (one event per line, blank lines skipped). Nothing is held
 * but the event being read, and an event is read only up to {@link AdminApi#MAX_EVENT_BYTES}: an NDJSON line
 * through {@link CheckedLines} (which also refuses bad UTF-8), a page's event through {@link EventFence}.
 */
abstract class ImportSource<T> {
  /** Reads one event whose object the parser is at ({@code START_OBJECT}), leaving the parser on its end. */
  @FunctionalInterface
  interface Reading<T> {
    T read(JsonParser json) throws IOException, InvalidEntityException;

    /** What a refusal calls one, before its position ("Event 3: …"). */
    default String noun() {
      return "Event";
    }
  }

  /**
   * The bundled collection's reading: a {@code POST} body's checks, completed as a create is (its tests' only; the
   * admin API loads through the engine's loaders since the switch).
   */
  static Reading<Map<String, Object>> events(EntityJsonReader reader, NewEntities newEntities) {
    return json -> newEntities.complete(reader.readObject(json));
  }

  /** Why an import stopped at one event: its 0-based position (or an NDJSON line's number) and what was wrong. */
  static final class BadEvent extends Exception {
    BadEvent(String noun, long position, String message) {
      super(noun + " " + position + ": " + message);
    }

    BadEvent(CheckedLines.BadLine line) {
      super(line.getMessage());
    }
  }

  private final Reading<T> reading;
  private long position = -1;

  ImportSource(Reading<T> reading) {
    this.reading = reading;
  }

  /** The 0-based position of the event handed over last. */
  long position() {
    return position;
  }

  static <T> ImportSource<T> page(InputStream body, Reading<T> reading) throws IOException {
    EventFence fence = new EventFence(body, AdminApi.MAX_EVENT_BYTES);
    return new Page<>(EntityJsonReader.parser(fence), fence, reading);
  }

  static <T> ImportSource<T> ndjson(InputStream body, Reading<T> reading) {
    return new Lines<>(new CheckedLines(body, AdminApi.MAX_EVENT_BYTES), reading);
  }

  /** The next event, or null when there are no more. */
  public final T next() throws BadEvent, IOException {
    position++;
    try {
      return nextBody();
    } catch (InvalidEntityException e) {
      throw new BadEvent(reading.noun(), position, e.getMessage());
    } catch (EventFence.EventTooLargeException e) {
      throw new BadEvent(reading.noun(), position, e.getMessage());
    } catch (JsonProcessingException e) {
      // Jackson's own text names its classes and settings; the sentence is json's, as for a POST body.
      throw new BadEvent(reading.noun(), position, EntityJsonReader.describe(e));
    } catch (CharConversionException e) {
      // Jackson's decoder of a UTF-32 body (which it detects, RFC 4627 §3) refuses a bad character this way.
      throw new BadEvent(reading.noun(), position, "not valid JSON: " + e.getMessage());
    }
  }

  /** The next event as its reading makes it, or null when there are no more. */
  abstract T nextBody() throws IOException, InvalidEntityException, BadEvent;

  final Reading<T> reading() {
    return reading;
  }

  /** {@code {"value":[{…},{…}], "@odata.nextLink":"…"}}, walked token by token. */
  private static final class Page<T> extends ImportSource<T> {
    private final JsonParser json;
    private final EventFence fence;
    private boolean started;
    private boolean inValue;
    private boolean sawValue;

    Page(JsonParser json, EventFence fence, Reading<T> reading) {
      super(reading);
      this.json = json;
      this.fence = fence;
    }

    @Override
    T nextBody() throws IOException, InvalidEntityException {
      // Not the parser's current token: a reading through an ObjectMapper clears it once it has read an event.
      if (!started && json.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidEntityException("the body must be a JSON object such as {\"value\":[…]}");
      }
      started = true;
      while (true) {
        if (inValue) {
          JsonToken token = json.nextToken();
          if (token == JsonToken.START_OBJECT) {
            long start = json.currentTokenLocation().getByteOffset();
            // A UTF-16 or UTF-32 body is parsed through a Reader, which counts no bytes: the bound then starts
            // where the stream is, at most one buffer of the parser's past the event's start.
            fence.eventAt(start >= 0 ? start : fence.position());
            T event = reading().read(json);
            fence.eventEnded();
            return event;
          }
          if (token != JsonToken.END_ARRAY) {
            throw new InvalidEntityException("each item of 'value' must be a JSON object");
          }
          inValue = false;
        }
        JsonToken token = json.nextToken();
        if (token == JsonToken.END_OBJECT) {
          if (!sawValue) {
            throw new InvalidEntityException("the body has no 'value' array");
          }
          if (json.nextToken() != null) {
            throw new InvalidEntityException("the body must hold exactly one JSON object");
          }
          return null;
        }
        String name = json.currentName();
        JsonToken value = json.nextToken();
        if (name.equals("value") && !sawValue && value == JsonToken.START_ARRAY) {
          sawValue = true;
          inValue = true;
        } else if (name.startsWith("@")) {
          json.skipChildren();
        } else {
          throw new InvalidEntityException("the body may hold 'value' (an array, once) and annotations, not '"
              + name + "'");
        }
      }
    }
  }

  /** NDJSON: one event a line. */
  private static final class Lines<T> extends ImportSource<T> {
    private final CheckedLines lines;

    Lines(CheckedLines lines, Reading<T> reading) {
      super(reading);
      this.lines = lines;
    }

    @Override
    T nextBody() throws IOException, InvalidEntityException, BadEvent {
      try {
        while (lines.next()) {
          if (!lines.blank()) {
            return line(lines.buffer(), lines.length());
          }
        }
        return null;
      } catch (CheckedLines.BadLine e) {
        throw new BadEvent(e);
      }
    }

    /** The one object of a line, as a {@code POST} body's is read. */
    private T line(byte[] buffer, int length) throws IOException, InvalidEntityException {
      try (JsonParser json = EntityJsonReader.parser(buffer, 0, length)) {
        if (json.nextToken() != JsonToken.START_OBJECT) {
          throw new InvalidEntityException("The request body must be a JSON object.");
        }
        T event = reading().read(json);
        if (json.nextToken() != null) {
          throw new InvalidEntityException("The request body must hold exactly one JSON object.");
        }
        return event;
      }
    }
  }
}
