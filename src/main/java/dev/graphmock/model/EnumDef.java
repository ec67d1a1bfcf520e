package dev.graphmock.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An EDM enum type: its qualified name, its members with their values in declaration order, and whether it is a
 * flags enum ({@code IsFlags="true"}), whose values combine members (written {@code "wifi,bluetooth"} in JSON).
 */
public record EnumDef(String qualifiedName, Map<String, Long> members, boolean flags) {

  public EnumDef {
    members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
  }

  /** A plain (not flags) enum. */
  public EnumDef(String qualifiedName, Map<String, Long> members) {
    this(qualifiedName, members, false);
  }

  public Optional<Long> valueOf(String member) {
    return Optional.ofNullable(members.get(member));
  }

  public String nameOf(long value) {
    for (Map.Entry<String, Long> member : members.entrySet()) {
      if (member.getValue() == value) {
        return member.getKey();
      }
    }
    throw new IllegalArgumentException(qualifiedName + " has no member with value " + value);
  }

  /** The member with the lowest value: what a property of this type holds when a create leaves it out. */
  public String defaultMember() {
    return members.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }
}
