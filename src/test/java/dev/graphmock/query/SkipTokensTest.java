package dev.graphmock.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens made by one server for one query: positions come back as they went in, anything else is refused. */
class SkipTokensTest {
  static final String QUERY = "$filter=deviceId eq 'd1'&$orderby=eventDateTime desc";
  final SkipTokens tokens = new SkipTokens();

  static Stream<Arguments> positions() {
    return Stream.of(
        arguments(List.of()),
        arguments(Arrays.asList((Object) null)),
        arguments(List.of(42L)),
        arguments(List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE)),
        arguments(List.of(1.5d, -0.0d, Double.MAX_VALUE, Double.NaN)),
        arguments(List.of("")),
        arguments(List.of("e1")),
        arguments(List.of("ünïcødé ✓ 𝄞 中文 it's")),
        arguments(List.of("a\u0000b")),
        arguments(Arrays.asList(null, 638400000000000000L, "dev-A", 3.25, null)));
  }

  @ParameterizedTest
  @MethodSource("positions")
  void positionsComeBackAsTheyWentIn(List<Object> position) {
    assertEquals(Optional.of(position), tokens.decode(tokens.encode(position, QUERY), QUERY));
  }

  @Test
  void eachModelValueComesBackAsTheSameType() {
    List<Object> position = java.util.Arrays.asList(7, 7L, true, java.time.Duration.ofMillis(-1500),
        dev.graphmock.model.DateTimeOffsetValue.parse("2024-01-01T00:00:00.1234567-08:00"), "failed", null);
    assertEquals(Optional.of(position), tokens.decode(tokens.encode(position, QUERY), QUERY));
  }

  @Test
  void aStringLongerThan64KibRoundTrips() {
    String longest = "x".repeat(70_000);
    assertEquals(Optional.of(List.of(longest)), tokens.decode(tokens.encode(List.of(longest), QUERY), QUERY));
  }

  @Test
  void tokensAreUrlSafe() {
    String token = tokens.encode(List.of("ünïcødé ✓ 𝄞", 1L, -2.5d), QUERY);
    assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
  }

  @Test
  void refusesEveryAlteredCharacter() {
    String token = tokens.encode(Arrays.asList("dev-A", 5L, null), QUERY);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < token.length(); i++) {
      // Flipping the top bit of a base64 digit always changes a byte, even in the last, partial digit.
      char flipped = alphabet.charAt(alphabet.indexOf(token.charAt(i)) ^ 32);
      String altered = token.substring(0, i) + flipped + token.substring(i + 1);
      assertEquals(Optional.empty(), tokens.decode(altered, QUERY), "character " + i + " of " + token);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "$filter=deviceId eq 'd2'&$orderby=eventDateTime desc",
      "$filter=deviceId eq 'd1'&$orderby=eventDateTime",
      "$filter=deviceId eq 'd1'",
      ""})
  void refusesATokenUsedWithAnotherQuery(String otherQuery) {
    assertNotEquals(QUERY, otherQuery);
    assertEquals(Optional.empty(), tokens.decode(tokens.encode(List.of("e1"), QUERY), otherQuery));
  }

  @Test
  void refusesATokenFromAnotherRunOfTheServer() {
    String fromEarlierRun = new SkipTokens().encode(List.of("e1"), QUERY);
    assertEquals(Optional.empty(), tokens.decode(fromEarlierRun, QUERY));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "!!!",
      "not a token",
      "ab+/",
      "ab=c",
      "A",
      "AAAA",
      "AAAAAAAAAAAAAAAAAAAAAA",
      "AAAAAAAAAAAAAAAAAAAAAAAA"})
  void refusesWhatThisClassNeverMade(String token) {
    assertEquals(Optional.empty(), tokens.decode(token, QUERY));
  }
}
