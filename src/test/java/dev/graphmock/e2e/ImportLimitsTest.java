package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphmock.admin.AdminApi;
import dev.graphmock.http.BodyLimit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /__admin/import} can neither exhaust memory nor hold every writer back (issue 30, defect 5): an
 * NDJSON line with no end, bad UTF-8 and an enormous event of a page are each a 400 naming where, a slow upload
 * blocks no create, and the temporary file the upload is received into is the owner's alone and gone afterwards.
 *
 * <p>graphmock runs as its own process, with a heap of {@value #HEAP} (a quarter of run.sh's, so that a line read
 * whole runs out of it at once) and its temporary folder inside this test's, so that the spool files seen there are
 * this server's; its standard error, where its log goes, must hold no stack trace.
 */
class ImportLimitsTest {
  private static final String HEAP = "64m";
  private static final String NDJSON = "application/x-ndjson";
  private static final int LIMIT = AdminApi.MAX_EVENT_BYTES;
  private static final String TOO_LONG = "it is longer than " + LIMIT + " bytes, the most one event may take (as for"
      + " a POST body). Nothing was imported.";
  /** Far past the limit, and past Jackson's own string limit (20,000,000 chars) that a page's event used to meet. */
  private static final int HUGE = 25 * 1024 * 1024;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir
  static Path folder;
  private static Path spool;
  private static ServerProcess server;
  private static URI origin;
  private static ExecutorService pool;

  @BeforeAll
  static void start() throws IOException {
    spool = Files.createDirectories(folder.resolve("tmp"));
    String database = TestServer.POSTGRES ? PostgresServer.shared().newDatabaseUrl()
        : folder.resolve("graph.db").toString();
    server = ServerProcess.startWith(Map.of("JAVA_TOOL_OPTIONS", "-Xmx" + HEAP + " -Djava.io.tmpdir=" + spool), null,
        folder, "--port", "0", "--db", database, "--schema", TestServer.SCHEMA);
    String beta = server.awaitReady();
    origin = URI.create(beta.substring(0, beta.length() - "/beta".length()));
    pool = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    pool.shutdownNow();
    String log = server.stderr();
    server.close();
    CommandLineTest.assertNoStackTrace(log);
  }

  @BeforeEach
  void reset() {
    assertEquals(204, send("POST", "/__admin/reset", Map.of(), HttpRequest.BodyPublishers.noBody()).status());
  }

  @Test
  void theLimitOfAnEventIsTheLimitOfAPostBody() {
    assertEquals(BodyLimit.MAX_BODY_BYTES, AdminApi.MAX_EVENT_BYTES);
  }

  @Test
  void aLineWithNoEndIsRefusedNamingItWhileCreatesGoOn() throws Exception {
    String message = "Line 2: " + TOO_LONG;
    assertRefused(load(NDJSON, endlessLine()), message);
    assertEquals(0, count(), "nothing imported");
    assertEquals(201, create("after-one").status());
    List<Future<TestServer.Reply>> imports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      imports.add(pool.submit(() -> load(NDJSON, endlessLine())));
    }
    Future<TestServer.Reply> created = pool.submit(() -> create("beside-three"));
    assertEquals(201, created.get(120, TimeUnit.SECONDS).status(), "a create beside three endless lines");
    for (Future<TestServer.Reply> refused : imports) {
      assertRefused(refused.get(120, TimeUnit.SECONDS), message);
    }
    assertEquals(2, count(), "the two creates, nothing imported");
  }

  /** An event on line 1, then line 2 opening a string that goes on for {@value #HUGE} bytes with no line end. */
  private static InputStream endlessLine() {
    return generated("{\"id\":\"fine\"}\n{\"id\":\"long\",\"managedDeviceName\":\"", 'x', HUGE, "");
  }

  @Test
  void aLineOfTheLimitIsImportedAndOneByteMoreIsRefused() {
    String opening = "{\"id\":\"edge\",\"managedDeviceName\":\"";
    int fill = LIMIT - opening.length() - "\"}".length();
    TestServer.Reply imported = load(NDJSON, generated("\n" + opening, 'y', fill, "\"}\n"));
    assertEquals("{\"imported\":1}", imported.text(), imported::toString);
    assertEquals(204, send("POST", "/__admin/reset", Map.of(), HttpRequest.BodyPublishers.noBody()).status());
    assertRefused(load(NDJSON, generated("\n" + opening, 'y', fill + 1, "\"}\n")), "Line 2: " + TOO_LONG);
    assertEquals(0, count(), "nothing imported");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a byte that starts nothing  | ff",
      "a stray continuation byte   | 80",
      "an overlong slash           | c0af",
      "an encoded surrogate        | eda080",
      "a sequence cut short        | e282"})
  void invalidUtf8OnLine2IsRefusedNamingIt(String what, String hex) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String opening = "{\"id\":\"u2\",\"managedDeviceName\":\"a";
    body.write("{\"id\":\"u1\"}\n".getBytes(StandardCharsets.UTF_8));
    body.write(opening.getBytes(StandardCharsets.UTF_8));
    body.write(HexFormat.of().parseHex(hex));
    body.write("\"}\n{\"id\":\"u3\"}\n".getBytes(StandardCharsets.UTF_8));
    assertRefused(load(NDJSON, new ByteArrayInputStream(body.toByteArray())), "Line 2: it is not valid UTF-8 (at"
        + " byte " + (opening.length() + 1) + " of the line). Nothing was imported.");
    assertEquals(0, count(), "nothing imported");
  }

  /** {@code GraphMock.importEvents}, which the import command and --seed-data share, goes the same way. */
  @Test
  void theJavaApiReadsAFileTheSameWay() throws IOException {
    Path events = folder.resolve("events.ndjson");
    try (dev.graphmock.GraphMock graph = dev.graphmock.GraphMock.builder().schema(TestServer.SCHEMA).start()) {
      Files.write(events, bytes("{\"id\":\"j1\"}\r\n\r\n{\"id\":\"j2\",\"osVersion\":\"\\xff\"}\r\n"));
      IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> graph.importEvents(events));
      assertEquals("Line 3: it is not valid UTF-8 (at byte 25 of the line). Nothing was imported.",
          refused.getMessage());
      Files.write(events, bytes("{\"id\":\"j1\"}\r\n\r\n{\"id\":\"j2\"}\r\n"));
      assertEquals(2, graph.importEvents(events));
      assertEquals(1, graph.importEvents("{\"value\":[{\"id\":\"j3\"}]}"));
    }
    // GraphMock's database is in memory: nothing of the imports may be left in this JVM's temporary folder.
    String ours = "graphmock-import-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertEquals(List.of(), left.filter(file -> file.getFileName().toString().startsWith(ours)).toList());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a string value | {\"id\":\"big\",\"managedDeviceName\":\" | x   | \"}",
      "white space    | {\"id\":\"big\",                           | ' ' | \"osVersion\":\"1\"}",
      "an annotation  | {\"id\":\"big\",\"x@odata.note\":\"        | x   | \"}"})
  void anEnormousEventOfAPageIsRefusedInPlainWords(String what, String opening, char filler, String closing) {
    TestServer.Reply reply = load("application/json", generated("{\"value\":[{\"id\":\"fine\"}," + opening, filler,
        HUGE, closing + "]}"));
    assertRefused(reply, "Entity 1: " + TOO_LONG);
    assertEquals(0, count(), "nothing imported");
  }

  @Test
  void deepNestingInAPageIsRefusedWithoutNamingTheParser() {
    String nested = "[".repeat(100) + "]".repeat(100);
    TestServer.Reply reply = load("application/json", new ByteArrayInputStream(("{\"value\":[{\"id\":\"fine\"},"
        + "{\"id\":\"deep\",\"x@odata.note\":" + nested + "}]}").getBytes(StandardCharsets.UTF_8)));
    assertRefused(reply, "Entity 1: The JSON is nested more deeply than 64 levels. Nothing was imported.");
    assertEquals(0, count(), "nothing imported");
  }

  @Test
  void aSlowUploadHoldsNoWriterBack() throws Exception {
    byte[] first = lines("slow-0", "slow-1", "slow-2");
    byte[] rest = lines("slow-3", "slow-4");
    try (Socket upload = startedImport(first.length + rest.length)) {
      upload.getOutputStream().write(first);
      upload.getOutputStream().flush();
      // Long enough for the server to be well into the import: the load used to take the write transaction here
      // and wait in it for the rest of the body.
      Thread.sleep(1_000);
      Future<TestServer.Reply> created = pool.submit(() -> create("during-upload"));
      try {
        // A create takes milliseconds; the bound stays below Jetty's idle timeout of 30 s, after which the paused
        // upload would fail and free whatever it held.
        assertEquals(201, created.get(20, TimeUnit.SECONDS).status());
      } catch (TimeoutException e) {
        fail("a create waited 20 s behind an upload that is not finished");
      }
      upload.getOutputStream().write(rest);
      upload.getOutputStream().flush();
      String answer = new String(upload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
      assertEquals("{\"imported\":5}", answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }
    assertEquals(6, count());
    for (int i = 0; i < 5; i++) {
      assertEquals(200, get("/beta/deviceManagement/autopilotEvents/slow-" + i).status());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "imported        | {\"id\":\"s-3\"}                          | 200",
      "a bad event     | {\"id\":\"s-3\",\"enrollmentState\":\"no\"} | 400",
      "a bad line      | {\"id\":\"s-3\",\"managedDeviceName\":\"\\xff\"} | 400",
      "a taken id      | {\"id\":\"s-0\"}                          | 409",
      "a client gone   |                                          | 0"})
  void theSpoolFileIsTheOwnersAloneWhileReceivingAndGoneAfterwards(String outcome, String last, int status)
      throws Exception {
    byte[] first = lines("s-0", "s-1", "s-2");
    // A client that goes has announced more than it sent.
    byte[] rest = last == null ? bytes("{\"id\":\"never-sent\"}\n") : bytes(last + "\n");
    try (Socket upload = startedImport(first.length + rest.length)) {
      upload.getOutputStream().write(first);
      upload.getOutputStream().flush();
      Path file = awaitOneSpoolFile();
      assertTrue(file.getFileName().toString().startsWith("graphmock-import-"), file::toString);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      if (status == 0) {
        upload.close();
        awaitNoSpoolFile();
      } else {
        upload.getOutputStream().write(rest);
        upload.getOutputStream().flush();
        String answer = new String(upload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
        assertEquals(List.of(), spoolFiles(), "gone once answered");
      }
    }
    assertEquals(status == 200 ? 4 : 0, count());
  }

  /** Bytes of {@code text}, where {@code \xff} stands for that one byte (no valid UTF-8 holds it). */
  private static byte[] bytes(String text) {
    byte[] utf8 = text.replace("\\xff", "\u0000").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      utf8[i] = utf8[i] == 0 ? (byte) 0xff : utf8[i];
    }
    return utf8;
  }

  private static byte[] lines(String... ids) {
    StringBuilder text = new StringBuilder();
    for (String id : ids) {
      text.append("{\"id\":\"").append(id).append("\"}\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An NDJSON import begun over a plain socket: its head sent, its body of {@code length} bytes still to come. */
  private static Socket startedImport(int length) throws IOException {
    Socket socket = new Socket(origin.getHost(), origin.getPort());
    socket.setSoTimeout(120_000);
    OutputStream out = socket.getOutputStream();
    out.write(("POST /__admin/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + NDJSON + "\r\nContent-Length: " + length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return socket;
  }

  private static List<Path> spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(spool)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".spool")).toList();
    }
  }

  private static Path awaitOneSpoolFile() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (spoolFiles().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    List<Path> files = spoolFiles();
    assertEquals(1, files.size(), () -> "one spool file while the upload is paused: " + files);
    return files.get(0);
  }

  private static void awaitNoSpoolFile() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!spoolFiles().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(List.of(), spoolFiles(), "gone after the client went");
  }

  private static void assertRefused(TestServer.Reply reply, String message) {
    JsonNode error = assertGraphError(reply, 400, "BadRequest");
    assertEquals(message, error.get("message").asText());
    assertFalse(reply.text().contains("StreamReadConstraints") || reply.text().contains("`"), reply::toString);
  }

  /** {@code prefix}, {@code count} copies of {@code filler}, then {@code suffix}: a body of any size, never held. */
  private static InputStream generated(String prefix, char filler, long count, String suffix) {
    return new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(bytes(prefix)),
        new Repeated((byte) filler, count)), new ByteArrayInputStream(bytes(suffix)));
  }

  /** One byte, {@code count} times over. */
  private static final class Repeated extends InputStream {
    private final byte value;
    private long left;

    Repeated(byte value, long count) {
      this.value = value;
      this.left = count;
    }

    @Override
    public int read() {
      if (left == 0) {
        return -1;
      }
      left--;
      return value & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (left == 0) {
        return -1;
      }
      int count = (int) Math.min(length, left);
      java.util.Arrays.fill(buffer, offset, offset + count, value);
      left -= count;
      return count;
    }
  }

  private static TestServer.Reply load(String contentType, InputStream body) {
    return send("POST", "/__admin/import", Map.of("Content-Type", contentType),
        HttpRequest.BodyPublishers.ofInputStream(() -> body));
  }

  private static TestServer.Reply create(String id) {
    return send("POST", "/beta/deviceManagement/autopilotEvents", Map.of("Content-Type", "application/json"),
        HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}"));
  }

  private static TestServer.Reply get(String path) {
    return send("GET", path, Map.of(), HttpRequest.BodyPublishers.noBody());
  }

  private static int count() {
    TestServer.Reply reply = get("/beta/deviceManagement/autopilotEvents/$count");
    assertEquals(200, reply.status(), reply::toString);
    return Integer.parseInt(reply.text());
  }

  private static TestServer.Reply send(String method, String path, Map<String, String> headers,
                                       HttpRequest.BodyPublisher body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(origin.resolve(path)).method(method, body)
        .header("Authorization", "Bearer test-token");
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new TestServer.Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
