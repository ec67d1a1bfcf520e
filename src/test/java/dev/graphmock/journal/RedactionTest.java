package dev.graphmock.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quick look a body gets before the redaction's patterns run: it lets through what cannot hold a credential
 * (a {@code $metadata} document, words that only start like "bearer" or "basic") and misses nothing the patterns
 * would redact.
 */
class RedactionTest {
  private static boolean looks(String text) {
    return Redaction.mayHoldCredential(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void textThatOnlyStartsLikeACredentialIsNotScanned() {
    assertFalse(looks("<EntityType Name=\"deviceManagementAutopilotEvent\" BaseType=\"graph.entity\">"));
    assertFalse(looks("based on a database of beacons, basically"));
    assertFalse(looks("the header was Bearer"));
    assertFalse(looks("bearer-token basic_auth"));
    assertFalse(looks("Basic\u00a0dXNlcg=="), "a no-break space is not \\s to the pattern");
  }

  @Test
  void credentialsAndTokensAreScanned() {
    assertTrue(looks("Authorization: Bearer abc"));
    assertTrue(looks("{\"h\":\"BASIC\tdXNlcjpwYXNz\"}"));
    assertTrue(looks("bEaReR\nx"));
    assertTrue(looks("token=eyJhbGciOiJIUzI1NiJ9.e30.sig"));
    assertArrayEquals("Authorization: Bearer [redacted]".getBytes(StandardCharsets.UTF_8),
        Redaction.body("Authorization: Bearer abc".getBytes(StandardCharsets.UTF_8)));
  }

  /** Whatever the quick look lets through, the patterns would have left as it was. */
  @Test
  void theQuickLookMissesNothingThePatternsRedact() {
    List<String> pieces = List.of("bearer", "Bearer", "BEARER", "bEaReR", "basic", "Basic", "BASIC", "basiC", "bas",
        "bea", "b", "eyJ", "ey", "J", " ", "\t", "\n", "\u000b", "\f", "\r", "\u00a0", "\u2003", "abc", "Zz9", "=",
        ".", "-", "_", "\"", ":", "İ", "ı", "ſ", "é", "€", "\ud83d\ude00");
    Random random = new Random(15);
    int scanned = 0;
    for (int n = 0; n < 200_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(10); k >= 0; k--) {
        text.append(pieces.get(random.nextInt(pieces.size())));
      }
      byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
      byte[] redacted = Redaction.redacted(body);
      assertArrayEquals(redacted, Redaction.body(body), text::toString);
      scanned += Redaction.mayHoldCredential(body) ? 1 : 0;
    }
    assertTrue(scanned > 10_000 && scanned < 190_000, "both kinds of text were tried: " + scanned);
  }
}
