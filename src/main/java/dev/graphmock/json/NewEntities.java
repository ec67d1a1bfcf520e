package dev.graphmock.json;

import dev.graphmock.model.EntityDef;
import dev.graphmock.model.PropertyDef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a create stores, from what its body said: every property the body leaves out gets its type's default (as
 * Graph fills in the CLR default), the key a new GUID ({@link TimeOrderedIds}) unless the body brings a non-empty
 * one, and a key no URL could address is refused. The one place these rules live, for {@code POST} and for imports alike.
 */
public final class NewEntities {
  /**
   * The longest key, written as a percent-encoded URL literal, that an entity may have: half of the 16 KiB the
   * server accepts in a URL, so that every entity can be addressed, and Location headers stay small.
   */
  public static final int MAX_KEY_LITERAL = 8 * 1024;

  private final EntityDef entity;

  public NewEntities(EntityDef entity) {
    this.entity = entity;
  }

  /** Every property's default, the key's included: what a create or a full replace starts from. */
  public Map<String, Object> defaults() {
    Map<String, Object> values = new LinkedHashMap<>(entity.properties().size() * 2);
    for (PropertyDef property : entity.properties()) {
      values.put(property.name(), property.defaultValue());
    }
    return values;
  }

  /** The entity to store for a create whose body held {@code body} (model values by property name). */
  public Map<String, Object> complete(Map<String, Object> body) throws InvalidEntityException {
    Map<String, Object> values = defaults();
    values.putAll(body);
    Object id = values.get(entity.keyName());
    if (id == null || ((String) id).isEmpty()) {
      values.put(entity.keyName(), TimeOrderedIds.next());
    }
    checkKey(entity.keyName(), (String) values.get(entity.keyName()));
    return values;
  }

  /** A key a URL can address: no control characters, and short enough as a URL literal. */
  public static void checkKey(String keyName, String key) throws InvalidEntityException {
    if (key.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidEntityException("The " + keyName + " must not contain control characters: no URL could"
          + " address such an entity.");
    }
    int literal = EntityJsonWriter.keyLiteral(key).length();
    if (literal > MAX_KEY_LITERAL) {
      throw new InvalidEntityException("The " + keyName + " is too long: as a URL key it would take " + literal
          + " characters, and at most " + MAX_KEY_LITERAL + " fit a URL.");
    }
  }
}
