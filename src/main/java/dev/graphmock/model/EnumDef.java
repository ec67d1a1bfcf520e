package dev.graphmock.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An EDM enum type: its qualified name and its members with their values, in declaration order. */
public record EnumDef(String qualifiedName, Map<String, Long> members) {

  public EnumDef {
    members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
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
