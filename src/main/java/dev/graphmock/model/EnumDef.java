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

  /**
   * A member's value; for a flags enum, the members {@code names} names (comma-separated) OR-ed together. A name
   * that is not a member is an {@link IllegalArgumentException}.
   */
  public long combined(String names) {
    if (!flags) {
      return valueOf(names).orElseThrow(() -> new IllegalArgumentException(
          "'" + names + "' is not a member of " + qualifiedName));
    }
    long value = 0;
    for (String member : names.split(",")) {
      value |= valueOf(member.trim()).orElseThrow(() -> new IllegalArgumentException(
          "'" + member + "' is not a member of " + qualifiedName));
    }
    return value;
  }

  /**
   * The names of a member's value; for a flags enum, of each member whose bits it holds, in the schema's order
   * (the member of value 0 only when nothing else is set), as Graph writes a combination.
   */
  public String names(long value) {
    if (!flags) {
      return nameOf(value);
    }
    java.util.List<String> names = new java.util.ArrayList<>();
    for (Map.Entry<String, Long> member : members.entrySet()) {
      long bits = member.getValue();
      if (bits != 0 && (value & bits) == bits) {
        names.add(member.getKey());
      }
    }
    return names.isEmpty() ? nameOf(value) : String.join(",", names);
  }

  /** The member with the lowest value: what a property of this type holds when a create leaves it out. */
  public String defaultMember() {
    return members.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }
}
