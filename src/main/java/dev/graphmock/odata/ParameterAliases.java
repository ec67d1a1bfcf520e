package dev.graphmock.odata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OData parameter aliases (URL Conventions 4.0, section 5.1.1.13.1, an intermediate-conformance requirement):
 * each {@code @name} in {@code $filter} or {@code $orderby} stands for the value given as its own query option,
 * and an alias given no value is null:
 * <pre>
 * $filter=deviceId eq @d and enrollmentState eq @s&amp;@d='d1'&amp;@s='failed'
 *   -&gt; deviceId eq 'd1' and enrollmentState eq 'failed'
 * $filter=@p&amp;@p=deviceId eq 'd1' or deviceId eq 'd2'  -&gt; (deviceId eq 'd1' or deviceId eq 'd2')
 * </pre>
 * A value of more than one token is parenthesised so that it keeps its meaning where it lands. Values are
 * substituted once: an alias inside a value is not expanded again.
 */
final class ParameterAliases {
  private ParameterAliases() {
  }

  /** @param values each alias's value as decoded text, by name with its {@code @} */
  static List<FilterToken> substitute(List<FilterToken> tokens, Map<String, String> values)
      throws ClientErrorException {
    List<FilterToken> out = new ArrayList<>(tokens.size());
    for (FilterToken token : tokens) {
      if (token.kind() != FilterToken.Kind.ALIAS) {
        out.add(token);
        continue;
      }
      String value = values.get(token.text());
      if (value == null) {
        out.add(new FilterToken(FilterToken.Kind.NAME, "null"));
        continue;
      }
      List<FilterToken> valueTokens = FilterToken.scan(value.strip());
      if (valueTokens == null || valueTokens.isEmpty()) {
        throw ClientErrorException.badRequest("The value of the parameter alias '" + token.text()
            + "' is not a valid expression: " + value);
      }
      boolean single = valueTokens.size() == 1;
      if (!single) {
        out.add(new FilterToken(FilterToken.Kind.OTHER, "("));
      }
      out.addAll(valueTokens);
      if (!single) {
        out.add(new FilterToken(FilterToken.Kind.OTHER, ")"));
      }
    }
    return out;
  }
}
