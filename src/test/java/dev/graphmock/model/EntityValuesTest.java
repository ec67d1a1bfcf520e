package dev.graphmock.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityValuesTest {
  private static final EntityDef ENTITY = new EntityDef("test.thing", "id", List.of(
      new PropertyDef("id", PropertyKind.STRING, false, null),
      new PropertyDef("count", PropertyKind.INT32, false, null),
      new PropertyDef("note", PropertyKind.STRING, true, null)));

  private static EntityValues values() {
    return new EntityValues(ENTITY, new Object[] {"a", 7, null});
  }

  @Test
  void answersByNameAndByPosition() {
    EntityValues values = values();
    assertEquals("a", values.get("id"));
    assertEquals(7, values.get("count"));
    assertEquals(7, values.at(1));
    assertNull(values.get("note"));
    assertTrue(values.containsKey("note"), "a property whose value is null is still there");
    assertNull(values.get("missing"));
    assertFalse(values.containsKey("missing"));
    assertNull(values.get(1));
    assertEquals(3, values.size());
  }

  @Test
  void isTheMapALinkedHashMapInSchemaOrderWas() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("id", "a");
    expected.put("count", 7);
    expected.put("note", null);
    EntityValues values = values();
    assertEquals(expected, values);
    assertEquals(values, expected);
    assertEquals(expected.hashCode(), values.hashCode());
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(values.keySet()));
    assertEquals(new ArrayList<>(expected.values()), new ArrayList<>(values.values()));
    assertEquals(expected.toString(), values.toString());
    expected.put("count", 8);
    assertNotEquals(expected, values);
  }

  @Test
  void isReadOnlyAndWhole() {
    EntityValues values = values();
    assertThrows(UnsupportedOperationException.class, () -> values.put("count", 8));
    assertThrows(UnsupportedOperationException.class, () -> values.remove("count"));
    assertThrows(IllegalArgumentException.class, () -> new EntityValues(ENTITY, new Object[] {"a", 7}));
  }
}
