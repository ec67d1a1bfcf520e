package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The scanner behind the rewrites before Olingo: each row is filter text and its tokens, spaces shown as _. */
class FilterTokenTest {

  static String kinds(List<FilterToken> tokens) {
    return tokens.stream()
        .map(token -> token.kind() == FilterToken.Kind.SPACE ? "_" : token.kind() + ":" + token.text())
        .collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "deviceId eq @d                   | NAME:deviceId _ NAME:eq _ ALIAS:@d",
      "_x1 ne null                      | NAME:_x1 _ NAME:ne _ NAME:null",
      "startswith(deviceId,'D1')        | NAME:startswith OTHER:( NAME:deviceId OTHER:, STRING:'D1' OTHER:)",
      "microsoft.graph.entity/id        | NAME:microsoft.graph.entity OTHER:/ NAME:id",
      "osVersion eq 'it''s'             | NAME:osVersion _ NAME:eq _ STRING:'it''s'",
      "x eq ''''                        | NAME:x _ NAME:eq _ STRING:''''",
      "x eq ''                          | NAME:x _ NAME:eq _ STRING:''",
      "x eq 'a eq @b'                   | NAME:x _ NAME:eq _ STRING:'a eq @b'",
      "d eq duration'PT1M'              | NAME:d _ NAME:eq _ TYPED_STRING:duration'PT1M'",
      "microsoft.graph.enrollmentState'failed' | TYPED_STRING:microsoft.graph.enrollmentState'failed'",
      "graph.enrollmentState'it''s'     | TYPED_STRING:graph.enrollmentState'it''s'",
      "@d1_x eq @_                      | ALIAS:@d1_x _ NAME:eq _ ALIAS:@_",
      "@ eq @1                          | OTHER:@ _ NAME:eq _ OTHER:@ OTHER:1",
      "n gt 5                           | NAME:n _ NAME:gt _ OTHER:5",
      "n gt -5.25                       | NAME:n _ NAME:gt _ OTHER:-5.25",
      "n gt 1e10                        | NAME:n _ NAME:gt _ OTHER:1e10",
      "n sub -x                         | NAME:n _ NAME:sub _ OTHER:- NAME:x",
      "t ge 2024-01-01T00:00:00Z        | NAME:t _ NAME:ge _ OTHER:2024-01-01T00:00:00Z",
      "t lt 2024-01-02T00:00:00.5-08:00 | NAME:t _ NAME:lt _ OTHER:2024-01-02T00:00:00.5-08:00",
      "t lt 2024-01-02T00:00:00+05:00   | NAME:t _ NAME:lt _ OTHER:2024-01-02T00:00:00+05:00",
      "x in ('a','b')                   | NAME:x _ NAME:in _ OTHER:( STRING:'a' OTHER:, STRING:'b' OTHER:)",
      "\"  a\tb  \"                     | _ NAME:a _ NAME:b _",
      "é eq 'ü'                         | NAME:é _ NAME:eq _ STRING:'ü'"})
  void scansTokensOfEachKind(String text, String tokens) {
    assertEquals(tokens, kinds(FilterToken.scan(text)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"deviceId eq 'abc", "'", "x eq 'it''", "duration'PT1M", "'a' eq 'b"})
  void anUnterminatedStringIsNull(String text) {
    assertNull(FilterToken.scan(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "deviceId eq 'it''s' and  n gt -5", "x in ( 'a' ,graph.e'b')", "\t@d\n"})
  void joinGivesBackTheText(String text) {
    assertEquals(text, FilterToken.join(FilterToken.scan(text)));
  }
}
