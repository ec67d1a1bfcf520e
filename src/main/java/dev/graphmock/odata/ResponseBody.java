package dev.graphmock.odata;

import java.io.ByteArrayInputStream;

/**
 * A response body our processors wrote, handed to Olingo as the stream its API wants and taken back as the same
 * bytes ({@link ODataService}), so that a response is not copied on its way out.
 */
final class ResponseBody extends ByteArrayInputStream {
  ResponseBody(byte[] bytes) {
    super(bytes);
  }

  /** The whole body, whatever has been read of the stream. */
  byte[] bytes() {
    return buf;
  }
}
