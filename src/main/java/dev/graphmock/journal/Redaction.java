package dev.graphmock.journal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps secrets out of the journal. Each entry is redacted once, on its way in ({@link Journal#record}), so that the
 * ring, the {@code --journal} file, the {@code --log requests} line and both wire forms (the journal's JSON and
 * HAR) only ever see what is left:
 * <ul>
 *   <li>the URL: a credential parameter's value, and a JWT or credential anywhere once decoded
 *       ({@link UrlRedaction});
 *   <li>request and response headers: a secret header's value, but for Authorization's scheme and a bearer JWT's
 *       non-secret claims ({@link HeaderRedaction}, names by {@link SecretNames}); in any other header, a JWT or
 *       credential ({@link TextRedaction});
 *   <li>{@code client-request-id}, which the entry keeps as a field of its own and Graph echoes in the response's
 *       header and error body: redacted as a header, and the same wherever it appears;
 *   <li>bodies: a whole JSON body as JSON ({@link JsonRedaction}), anything else as text ({@link TextRedaction});
 *       only when {@link QuickLook} finds something to look at, so that a {@code $metadata} document or a page of
 *       events is neither decoded nor scanned.
 * </ul>
 */
final class Redaction {
  private static final String CLIENT_REQUEST_ID = "client-request-id";

  private Redaction() {
  }

  static JournalEntry entry(JournalEntry entry) {
    String sentId = entry.clientRequestId();
    String keptId = sentId == null ? null : HeaderRedaction.value(CLIENT_REQUEST_ID, sentId, false);
    JournalEntry.Body requestBody = body(entry.requestBody());
    JournalEntry.Body responseBody = body(entry.responseBody());
    if (sentId != null && !sentId.equals(keptId)) {
      // The id may sit in a body where no rule of its own finds it (an error body's innerError).
      requestBody = replaced(requestBody, sentId, keptId);
      responseBody = replaced(responseBody, sentId, keptId);
    }
    return new JournalEntry(entry.requestId(), keptId, entry.time(), entry.method(), UrlRedaction.url(entry.url()),
        headers(entry.requestHeaders()), requestBody, entry.status(), headers(entry.responseHeaders()),
        responseBody, entry.durationMs(), entry.tenant(), entry.batchRequestId(), entry.fault());
  }

  static Map<String, String> headers(Map<String, String> headers) {
    Map<String, String> kept = new LinkedHashMap<>();
    headers.forEach((name, value) -> kept.put(name, HeaderRedaction.value(name, value, true)));
    return kept;
  }

  static JournalEntry.Body body(JournalEntry.Body body) {
    byte[] kept = body(body.bytes(), body.contentType(), !body.truncated());
    return kept == body.bytes() ? body : new JournalEntry.Body(kept, body.contentType(), body.totalBytes());
  }

  /**
   * {@code body} with its secrets replaced; the same array when there are none.
   *
   * @param whole whether the body is all there is of it (not cut at {@link JournalEntry#BODY_LIMIT}), so that
   *     JSON can be read as JSON
   */
  static byte[] body(byte[] body, String contentType, boolean whole) {
    return QuickLook.mayHoldCredential(body) ? redacted(body, contentType, whole) : body;
  }

  /** {@link #body} without the quick look first. */
  static byte[] redacted(byte[] body, String contentType, boolean whole) {
    if (whole && isJson(contentType)) {
      byte[] json = JsonRedaction.redact(body);
      if (json != null) {
        return json;
      }
    }
    java.nio.charset.Charset charset = isUtf8(body) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    String text = new String(body, charset);
    String redacted = TextRedaction.redact(text);
    return redacted.equals(text) ? body : redacted.getBytes(charset);
  }

  /**
   * Whether {@code body} is well-formed UTF-8. Bytes that are not (binary, another charset, a character cut at
   * the body limit) are read one character a byte: the rules read ASCII only, and every other byte then comes
   * back as it was, where decoding as UTF-8 would have turned each into U+FFFD, three bytes long.
   */
  private static boolean isUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  private static boolean isJson(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    return type.startsWith("application/json") || type.contains("+json");
  }

  private static JournalEntry.Body replaced(JournalEntry.Body body, String sent, String kept) {
    if (body.bytes().length == 0) {
      return body;
    }
    String text = new String(body.bytes(), StandardCharsets.UTF_8);
    String replaced = text.replace(sent, kept).replace(TextRedaction.escape(sent), TextRedaction.escape(kept));
    return replaced.equals(text) ? body
        : new JournalEntry.Body(replaced.getBytes(StandardCharsets.UTF_8), body.contentType(), body.totalBytes());
  }
}
