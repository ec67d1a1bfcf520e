package dev.graphmock.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What a client is told when serving its request threw something other than a store failure. */
class FailureTest {
  @Test
  void aHeapThatRanShortIsAServiceUnavailableToRetry() {
    Failure failure = Failure.of(new OutOfMemoryError("Java heap space"));
    assertEquals(503, failure.status());
    assertEquals("ServiceUnavailable", failure.code());
    assertEquals(Failure.STORE_UNAVAILABLE_RETRY_SECONDS, failure.retryAfterSeconds());
    assertFalse(failure.message().contains("Java heap space"), failure.message());
  }

  @Test
  void anythingElseIsAPlainInternalServerErrorThatNamesNothing() {
    Failure failure = Failure.of(new IllegalStateException("secret internals", new RuntimeException("deeper")));
    assertEquals(500, failure.status());
    assertEquals("InternalServerError", failure.code());
    assertEquals("An unexpected error occurred.", failure.message());
    assertNull(failure.retryAfterSeconds());
  }
}
