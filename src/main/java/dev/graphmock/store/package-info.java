/**
 * Persistence through JDBC (and Jdbi for the type families), in SQLite (a file or memory: one writer connection with group commit and a pool of
 * readers under WAL, which a thread beside the writer checkpoints) or in PostgreSQL (a pooled connection per call,
 * for many graphmock instances on one database), writes (and PostgreSQL's reads) in a {@code Transaction} on one
 * connection.
 * One table per entity type, its columns derived from an {@link dev.graphmock.model.EntityDef}. Takes
 * {@link dev.graphmock.query.Query} values and renders their WHERE clauses in {@code Conditions} (OData's operators,
 * null rules and keyset predicate, once for both kinds of table), the rest of the bundled table's SQL in
 * {@code SqlRenderer} (and, for the counts
 * SQLite keeps per tenant and enum value by triggers, {@code KeptCountsSql}), asking a {@code Dialect} for the few
 * pieces the two databases write differently; SQLite is also given planner statistics for the declared indexes.
 * SQLite's native library is kept in the user's cache folder ({@code SqliteLibraryCache}), not unpacked at every
 * start. Values are converted in one codec ({@code ColumnCodec}). Each row also keeps a rendering its caller made
 * of it, as opaque bytes (forgotten by any update), which a collection read hands over with the row. Failures a
 * client can act on have their own exceptions (store full, store unreachable, a value the store cannot hold). May
 * use {@code model} and {@code query}; knows nothing of HTTP, OData or Olingo; callers hand it model values and get
 * model values back.
 *
 * <p>Where issue 31 takes it: a table per type family ({@code FamilyLayout}: the type a set declares and the types
 * derived from it, with each row's place, parent keys and concrete type; complex and collection values as JSON;
 * a single-valued link as a column), replacing the one table of {@code EntityTable}; every kind of value in its
 * columns ({@code ValueColumns}, complex and collection values as JSON through the {@code model.ValueJson} the
 * composition root hands over, as the store may not read JSON itself), queried inside JSON through the dialects.
 * {@code FamilyStore} keeps, pages, changes, links and deletes (with what they contain, at any depth, and the links
 * to them) the entities of those tables, on Jdbi handles over the {@code Database}'s own connections and
 * transactions ({@code Database.readHandle}/{@code writeHandle}; on SQLite its statements come from the same
 * per-connection cache as the bundled table's, since SQLite compiles a statement at every prepare; the request
 * path's hottest reads, by key and a page, run their one statement on the connection a read lends, without a
 * handle, as Jdbi's statement machinery was half of their time in the store ({@code Database.eachRow}); each row keeps
 * the rendering of its properties a {@code model.Rendering} made of them as a read gives them back, made again by
 * each update, which a page that asks for it gets instead of the values), filtered and ordered through
 * {@code FamilyConditions} (paths into JSON, lambdas, casts, {@code has}, {@code isof}), with the indexes the
 * schema's settings name by entity type; it serves every place of every schema, the bundled ones too. Each row's
 * place is a small number ({@code FamilyStore.placeNumbers}); a family held at one place under no parent is keyed
 * and indexed by the tenant alone, as the earlier table was ({@code FamilyStore.placed}). {@code EntityStore} and
 * {@code EntityTable} are left for the move and its tests (issue 31, step 8d). How it moves: a database the
 * release before the engine made for a schema's one collection ({@code OwnTable}) is moved into the family's table
 * when the engine opens it for that schema, in the transaction (and, on PostgreSQL, under the lock) that opens it: its rows
 * copied with their renderings (the same form, in the engine's format), the old table, its kept counts and
 * statistics dropped, the database then named for the engine's layout.
 */
@Layer(uses = {"model", "query"},
    libraries = {"org.sqlite", "org.postgresql", "com.zaxxer.hikari", "org.slf4j", "org.jdbi"})
package dev.graphmock.store;

import dev.graphmock.layering.Layer;
