package dev.graphmock.store;

import dev.graphmock.model.EntityDef;

/**
 * The one collection of a schema as releases before the engine kept it: a table of its own (named for its type,
 * with a tenant column and its rows' renderings), at {@code place} (such as {@code deviceManagement/autopilotEvents}).
 * A database such a release made is moved into the engine's tables when the engine opens it for the same schema
 * ({@link Database#open(DatabaseLocation, String, dev.graphmock.model.TypeGraph, java.util.Map, OwnTable)}).
 *
 * @param entity the collection's entity as that release described it (its fingerprint names the database)
 * @param keptFormat the format byte of that release's renderings
 * @param engineFormat the engine's format byte for renderings of the same form (values without names)
 */
public record OwnTable(EntityDef entity, String place, byte keptFormat, byte engineFormat) {
}
