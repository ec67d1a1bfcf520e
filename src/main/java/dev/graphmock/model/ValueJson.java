package dev.graphmock.model;

/**
 * Complex and collection values as JSON text, for a layer that keeps them so but may not know how JSON is read or
 * written (the store): {@code json} implements it, the composition root hands it over. The text is Graph's JSON of
 * the value with minimal metadata ({@code @odata.type} only where a value's type is derived from the declared one),
 * so a kept value can be queried with the JSON paths its properties name.
 */
public interface ValueJson {
  /** The JSON text of {@code value}, a value of {@code type} as {@code json.ValueReader} reads them. */
  String write(ValueType type, Object value);

  /** The value of {@code type} the JSON text {@code text} holds, as {@link #write} wrote it. */
  Object read(ValueType type, String text);
}
