package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Graph's query option spellings → Olingo's, and the options refused before Olingo sees them. */
class QueryStringTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "$top=5                          | $top=5",
      "top=5                           | $top=5",
      "%24top=5                        | $top=5",
      "$Top=5                          | $top=5",
      "TOP=5                           | $top=5",
      "$orderBy=deviceId               | $orderby=deviceId",
      "%24OrderBy=deviceId+desc        | $orderby=deviceId%20desc",
      "Filter=deviceId+eq+'a+b'        | $filter=deviceId%20eq%20'a%20b'",
      "$filter=a%2Bb                   | $filter=a%2Bb",
      "$select=id,deviceId&$count=true | $select=id,deviceId&$count=true",
      "$skip=1&$skiptoken=abc          | $skip=1&$skiptoken=abc",
      "$format=json                    | $format=json",
      "$top=1&&$skip=2&                | $top=1&$skip=2",
      "$count                          | $count=",
      "custom=1&$top=2                 | custom=1&$top=2",
      "@d='x'&$filter=deviceId+eq+@d   | @d='x'&$filter=deviceId%20eq%20@d"})
  void writesOptionsAsOlingoSpellsThem(String raw, String canonical) throws ClientErrorException {
    assertEquals(canonical, QueryString.parse(raw).toRaw());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "$filter=deviceId+eq+'a+b'               | deviceId eq 'a b'",
      "$filter=deviceId%20eq%20'a%2Bb'         | deviceId eq 'a+b'",
      "filter=deviceId%20eq%20%27%C3%A9%27     | deviceId eq 'é'",
      "$FILTER=x&$top=1                        | x"})
  void decodesValues(String raw, String filter) throws ClientErrorException {
    assertEquals(filter, QueryString.parse(raw).decoded("$filter"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "$top=1&$top=2          | The query option '$top' is given more than once.",
      "$top=1&top=2           | The query option '$top' is given more than once.",
      "$orderby=a&$OrderBy=b  | The query option '$orderby' is given more than once.",
      "@d=1&@d=2              | The query option '@d' is given more than once.",
      "custom=1&custom=2      | The query option 'custom' is given more than once.",
      "$expand=x              | The query option '$expand' is not supported by graphmock.",
      "expand=x               | The query option '$expand' is not supported by graphmock.",
      "$Search=x              | The query option '$search' is not supported by graphmock.",
      "%24apply=x             | The query option '$apply' is not supported by graphmock.",
      "$compute=x             | The query option '$compute' is not supported by graphmock.",
      "$levels=2              | The query option '$levels' is not supported by graphmock.",
      "%24Foo=1               | The query option '$Foo' is not supported.",
      "%zztop=1               | The query string has a malformed percent-encoding at '%zz'.",
      "$index=1               | The query option '$index' is not supported by graphmock.",
      "$deltatoken=x          | The query option '$deltatoken' is not supported by graphmock.",
      "$schemaversion=1       | The query option '$schemaversion' is not supported by graphmock.",
      "$id=x                  | The query option '$id' is not supported by graphmock.",
      "$filter=100%           | The query string has a malformed percent-encoding at '%'.",
      "$filter=%2             | The query string has a malformed percent-encoding at '%2'.",
      "$filter=a%zzb          | The query string has a malformed percent-encoding at '%zz'.",
      "$filter=%2g%20         | The query string has a malformed percent-encoding at '%2g'.",
      "$top=1&$filter=%%41    | The query string has a malformed percent-encoding at '%%4'."})
  void refusesWithAMessageNamingTheOption(String raw, String message) {
    assertEquals(message, assertThrows(ClientErrorException.class, () -> QueryString.parse(raw)).getMessage());
  }

  @Test
  void anEmptyQueryHasNoOptions() throws ClientErrorException {
    assertNull(QueryString.parse(null).toRaw());
    assertNull(QueryString.parse("").toRaw());
    assertNull(QueryString.parse("&&").toRaw());
  }

  @Test
  void aliasesAreDecodedAndCanBeTakenOut() throws ClientErrorException {
    QueryString query = QueryString.parse("$filter=deviceId+eq+@d&@d=%27d1%27&$top=2&@s='a+b'");
    assertEquals(Map.of("@d", "'d1'", "@s", "'a b'"), query.aliases());
    assertEquals("$filter=deviceId%20eq%20@d&$top=2", query.withoutAliases().toRaw());
    assertEquals(Map.of(), query.withoutAliases().aliases());
  }

  @Test
  void withReplacesAddsAndRemovesOneOption() throws ClientErrorException {
    QueryString query = QueryString.parse("$top=2&$filter=x");
    assertEquals("$top=2&$filter=y", query.with("$filter", "y").toRaw());
    assertEquals("$top=2&$filter=x&$skiptoken=t", query.with("$skiptoken", "t").toRaw());
    assertEquals("$top=2", query.with("$filter", null).toRaw());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "$filter=deviceId%20eq%20'a%2Bb'&$top=5&@d=%27x%27",
      "$orderby=eventDateTime%20desc,id&$count=true&$skiptoken=AbC-_",
      "$select=id&custom=%E2%9C%93"})
  void canonicalQueriesRoundTrip(String raw) throws ClientErrorException {
    assertEquals(raw, QueryString.parse(raw).toRaw());
    assertEquals(raw, QueryString.parse(QueryString.parse(raw).toRaw()).toRaw());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "deviceId eq 'a+b' | deviceId%20eq%20%27a%2Bb%27",
      "é/✓               | %C3%A9%2F%E2%9C%93"})
  void encodesSpacesAsPercentTwenty(String value, String encoded) {
    assertEquals(encoded, QueryString.encode(value));
  }
}
