package dev.graphmock.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.json.EntityJsonReader;
import dev.graphmock.json.NewEntities;
import dev.graphmock.odata.GraphModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The events of an import body, read to their end or to the first refusal, whose message names the event (or the
 * NDJSON line) and says what is wrong in words that name no library. The entity is the seed schema's.
 */
class ImportSourceTest {
  private static final int LIMIT = AdminApi.MAX_EVENT_BYTES;
  private static final GraphModel SEED = seed();
  private static final EntityJsonReader READER = new EntityJsonReader(SEED.earlierCollection().orElseThrow().entity(), SEED::resolveTypeName);
  private static final NewEntities NEW = new NewEntities(SEED.earlierCollection().orElseThrow().entity());
  private static final ImportSource.Reading<java.util.Map<String, Object>> EVENTS = ImportSource.events(READER, NEW);
  private static final String TOO_LONG = "it is longer than " + LIMIT + " bytes, the most one event may take (as for"
      + " a POST body).";

  private static GraphModel seed() {
    try {
      return GraphModel.load("seed", Files.readAllBytes(Path.of("metadata/seed.xml")), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An event of exactly {@code bytes} bytes: an id and a long managedDeviceName. */
  private static String event(int bytes) {
    String opening = "{\"id\":\"e\",\"managedDeviceName\":\"";
    return opening + "x".repeat(bytes - opening.length() - 2) + "\"}";
  }

  private static long readAll(ImportSource<?> source) throws Exception {
    long events = 0;
    while (source.next() != null) {
      events++;
    }
    return events;
  }

  private static ImportSource<?> page(String body) throws IOException {
    return ImportSource.page(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), EVENTS);
  }

  private static ImportSource<?> ndjson(String body) {
    return ImportSource.ndjson(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), EVENTS);
  }

  private static String refusal(ImportSource<?> source) {
    return assertThrows(ImportSource.BadEvent.class, () -> readAll(source)).getMessage();
  }

  @Test
  void aPageTakesAnEventOfTheLimitWhereverItStartsAndRefusesOneByteMore() throws Exception {
    // The page's own annotations are not events: a long one before value is skipped, and moves where events begin.
    String context = "\"@odata.context\":\"" + "c".repeat(LIMIT + 12_345) + "\"";
    assertEquals(3, readAll(page("{" + context + ",\"value\":[" + event(LIMIT) + " , " + event(LIMIT) + ","
        + event(40) + "]}")));
    assertEquals("Event 2: " + TOO_LONG, refusal(page("{" + context + ",\"value\":[{}," + event(LIMIT) + ","
        + event(LIMIT + 1) + "]}")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "white space                  | '{\"id\":\"w\",'   | ' '  | '\"osVersion\":\"1\"}'",
      "an annotation's string       | '{\"x@odata.n\":\"' | a    | '\"}'",
      "an annotation's array        | '{\"x@odata.n\":['  | '1,' | '1]}'"})
  void aPageRefusesAnEventThatIsLongInAnyWay(String what, String opening, String unit, String closing)
      throws Exception {
    String filling = unit.repeat(LIMIT / unit.length());
    assertEquals("Event 1: " + TOO_LONG, refusal(page("{\"value\":[{}," + opening + filling + closing + "]}")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "nesting         | '{\"value\":[{\"x@odata.n\":' | 65 | 'Event 0: The JSON is nested more deeply than 64 levels.'",
      "a property name | '{\"value\":[{\"'             | 0  | 'Event 0: A property name in the body is longer than"
          + " 50,000 characters.'"})
  void aPageRefusesWhatTheParserWillNotReadInPlainWords(String what, String opening, int depth, String expected)
      throws Exception {
    String body = depth > 0 ? opening + "[".repeat(depth) + "]".repeat(depth) + "}]}"
        : opening + "n".repeat(50_001) + "\":1}]}";
    assertEquals(expected, refusal(page(body)));
  }

  @Test
  void ndjsonTakesALineOfTheLimitAndNamesALongerOneByItsNumber() throws Exception {
    ImportSource<?> source = ndjson(event(LIMIT) + "\n" + event(LIMIT));
    assertEquals(2, readAll(source));
    assertNull(source.next());
    assertEquals("Line 3: " + TOO_LONG, refusal(ndjson("{}\n\n" + event(LIMIT + 1) + "\n")));
  }

  @Test
  void ndjsonNamesABadEventByItsPositionAndABadLineByItsNumber() {
    String refused = refusal(ndjson("{}\r\n\r\n{\"nope\":1}\r\n"));
    assertEquals("Event 1: The property 'nope' does not exist", refused.substring(0, refused.indexOf(" on type")),
        "blank lines are no events");
    byte[] body = "{}\r\n\r\n{\"osVersion\":\"?\"}\r\n".getBytes(StandardCharsets.UTF_8);
    body[body.length - 5] = (byte) 0xC0;
    assertEquals("Line 3: it is not valid UTF-8 (at byte 15 of the line).",
        refusal(ImportSource.ndjson(new ByteArrayInputStream(body), EVENTS)), "but they are lines");
  }

  @Test
  void aUtf16PageIsBoundedEventByEventToo() throws Exception {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      events.append(i == 0 ? "" : ",").append(event(30_000));
    }
    byte[] small = ("{\"value\":[" + events + "]}").getBytes(StandardCharsets.UTF_16BE);
    assertEquals(100, readAll(ImportSource.page(new ByteArrayInputStream(small), EVENTS)),
        "six MB of small events");
    byte[] large = ("{\"value\":[" + event(LIMIT / 2 + 9_000) + "]}").getBytes(StandardCharsets.UTF_16BE);
    assertEquals("Event 0: " + TOO_LONG, refusal(ImportSource.page(new ByteArrayInputStream(large), EVENTS)));
  }

  @Test
  void aBadCharacterOfAUtf32PageNamesItsEvent() throws Exception {
    byte[] body = java.util.HexFormat.of().parseHex("0000007b" + "00000022" + "ffffffff");
    String refused = refusal(ImportSource.page(new ByteArrayInputStream(body), EVENTS));
    assertTrue(refused.startsWith("Event 0: not valid JSON: Invalid UTF-32 character 0x"), refused);
  }
}
