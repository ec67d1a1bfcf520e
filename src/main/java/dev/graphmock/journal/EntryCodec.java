package dev.graphmock.journal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A journal entry as the bytes the journal keeps it in, and back: every field in a fixed order, strings as their
 * length and UTF-8, null as a length of -1. One byte array per entry is what lets the journal hold its entries in
 * one buffer instead of as thousands of objects the garbage collector has to copy (see {@link Journal}).
 */
final class EntryCodec {
  private EntryCodec() {
  }

  static byte[] encode(JournalEntry entry) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024 + entry.requestBody().bytes().length
        + entry.responseBody().bytes().length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      string(out, entry.requestId());
      string(out, entry.clientRequestId());
      out.writeLong(entry.time().getEpochSecond());
      out.writeInt(entry.time().getNano());
      string(out, entry.method());
      string(out, entry.url());
      headers(out, entry.requestHeaders());
      body(out, entry.requestBody());
      out.writeInt(entry.status());
      headers(out, entry.responseHeaders());
      body(out, entry.responseBody());
      out.writeDouble(entry.durationMs());
      string(out, entry.tenant());
      string(out, entry.batchRequestId());
      JournalEntry.Fault fault = entry.fault();
      out.writeBoolean(fault != null);
      if (fault != null) {
        string(out, fault.source());
        out.writeInt(fault.status());
        out.writeLong(fault.latencyMs());
        out.writeBoolean(fault.dropped());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  static JournalEntry decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      String requestId = string(in);
      String clientRequestId = string(in);
      Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
      String method = string(in);
      String url = string(in);
      Map<String, String> requestHeaders = headers(in);
      JournalEntry.Body requestBody = body(in);
      int status = in.readInt();
      Map<String, String> responseHeaders = headers(in);
      JournalEntry.Body responseBody = body(in);
      double durationMs = in.readDouble();
      String tenant = string(in);
      String batchRequestId = string(in);
      JournalEntry.Fault fault = in.readBoolean()
          ? new JournalEntry.Fault(string(in), in.readInt(), in.readLong(), in.readBoolean()) : null;
      return new JournalEntry(requestId, clientRequestId, time, method, url, requestHeaders, requestBody, status,
          responseHeaders, responseBody, durationMs, tenant, batchRequestId, fault);
    } catch (IOException e) {
      throw new UncheckedIOException("the journal's own bytes cannot be read back", e);
    }
  }

  private static void string(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String string(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  private static void headers(DataOutputStream out, Map<String, String> headers) throws IOException {
    out.writeInt(headers.size());
    for (Map.Entry<String, String> header : headers.entrySet()) {
      string(out, header.getKey());
      string(out, header.getValue());
    }
  }

  private static Map<String, String> headers(DataInputStream in) throws IOException {
    int count = in.readInt();
    Map<String, String> headers = new LinkedHashMap<>(count * 2);
    for (int i = 0; i < count; i++) {
      headers.put(string(in), string(in));
    }
    return headers;
  }

  private static void body(DataOutputStream out, JournalEntry.Body body) throws IOException {
    out.writeInt(body.bytes().length);
    out.write(body.bytes());
    string(out, body.contentType());
    out.writeLong(body.totalBytes());
  }

  private static JournalEntry.Body body(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    String contentType = string(in);
    long totalBytes = in.readLong();
    return bytes.length == 0 && contentType == null && totalBytes == 0 ? JournalEntry.Body.NONE
        : new JournalEntry.Body(bytes, contentType, totalBytes);
  }
}
