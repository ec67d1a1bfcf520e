package dev.graphmock.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.graphmock.json.EntityJsonReader;
import dev.graphmock.json.InvalidEntityException;
import dev.graphmock.json.NewEntities;
import dev.graphmock.store.EntityStore;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The events of an import body, read one at a time as the store asks for them, each checked exactly as a
 * {@code POST} body is and completed as a create is ({@link NewEntities}): Graph's collection page
 * ({@code {"value":[…]}}, annotations such as {@code @odata.context} or {@code @odata.nextLink} skipped, so a saved
 * Graph response or an export loads as it is) or NDJSON (one event per line, blank lines skipped). Nothing is held
 * but the event being read, and an event is read only up to {@link AdminApi#MAX_EVENT_BYTES}: an NDJSON line
 * through {@link CheckedLines} (which also refuses bad UTF-8), a page's event through {@link EventFence}.
 */
abstract class ImportSource implements EntityStore.Source {
  /** Why an import stopped at one event: its 0-based position (or an NDJSON line's number) and what was wrong. */
  static final class BadEvent extends Exception {
    BadEvent(long position, String message) {
      super("Event " + position + ": " + message);
    }

    BadEvent(CheckedLines.BadLine line) {
      super(line.getMessage());
    }
  }

  private final EntityJsonReader reader;
  private final NewEntities newEntities;
  private long position = -1;

  ImportSource(EntityJsonReader reader, NewEntities newEntities) {
    this.reader = reader;
    this.newEntities = newEntities;
  }

  /** The 0-based position of the event handed over last. */
  long position() {
    return position;
  }

  static ImportSource page(InputStream body, EntityJsonReader reader, NewEntities newEntities) throws IOException {
    EventFence fence = new EventFence(body, AdminApi.MAX_EVENT_BYTES);
    return new Page(EntityJsonReader.parser(fence), fence, reader, newEntities);
  }

  static ImportSource ndjson(InputStream body, EntityJsonReader reader, NewEntities newEntities) {
    return new Lines(new CheckedLines(body, AdminApi.MAX_EVENT_BYTES), reader, newEntities);
  }

  @Override
  public final Map<String, Object> next() throws BadEvent, IOException {
    position++;
    try {
      Map<String, Object> body = nextBody();
      return body == null ? null : newEntities.complete(body);
    } catch (InvalidEntityException e) {
      throw new BadEvent(position, e.getMessage());
    } catch (EventFence.EventTooLargeException e) {
      throw new BadEvent(position, e.getMessage());
    } catch (JsonProcessingException e) {
      // Jackson's own text names its classes and settings; the sentence is json's, as for a POST body.
      throw new BadEvent(position, EntityJsonReader.describe(e));
    } catch (CharConversionException e) {
      // Jackson's decoder of a UTF-32 body (which it detects, RFC 4627 §3) refuses a bad character this way.
      throw new BadEvent(position, "not valid JSON: " + e.getMessage());
    }
  }

  /** The next event's properties as its body named them, or null when there are no more. */
  abstract Map<String, Object> nextBody() throws IOException, InvalidEntityException, BadEvent;

  final EntityJsonReader reader() {
    return reader;
  }

  /** {@code {"value":[{…},{…}], "@odata.nextLink":"…"}}, walked token by token. */
  private static final class Page extends ImportSource {
    private final JsonParser json;
    private final EventFence fence;
    private boolean inValue;
    private boolean sawValue;

    Page(JsonParser json, EventFence fence, EntityJsonReader reader, NewEntities newEntities) {
      super(reader, newEntities);
      this.json = json;
      this.fence = fence;
    }

    @Override
    Map<String, Object> nextBody() throws IOException, InvalidEntityException {
      if (json.currentToken() == null && json.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidEntityException("the body must be a JSON object such as {\"value\":[…]}");
      }
      while (true) {
        if (inValue) {
          JsonToken token = json.nextToken();
          if (token == JsonToken.START_OBJECT) {
            long start = json.currentTokenLocation().getByteOffset();
            // A UTF-16 or UTF-32 body is parsed through a Reader, which counts no bytes: the bound then starts
            // where the stream is, at most one buffer of the parser's past the event's start.
            fence.eventAt(start >= 0 ? start : fence.position());
            Map<String, Object> event = reader().readObject(json);
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
  private static final class Lines extends ImportSource {
    private final CheckedLines lines;

    Lines(CheckedLines lines, EntityJsonReader reader, NewEntities newEntities) {
      super(reader, newEntities);
      this.lines = lines;
    }

    @Override
    Map<String, Object> nextBody() throws IOException, InvalidEntityException, BadEvent {
      try {
        while (lines.next()) {
          if (!lines.blank()) {
            return reader().read(lines.buffer(), 0, lines.length());
          }
        }
        return null;
      } catch (CheckedLines.BadLine e) {
        throw new BadEvent(e);
      }
    }
  }
}
