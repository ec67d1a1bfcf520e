package dev.graphmock.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphmock.model.EntitySetPath;
import dev.graphmock.store.FamilyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /__admin/import?set=PATH} for a place of the engine's: its entities as Graph's collection page
 * ({@code {"value":[…]}}, as {@code GET} of the place or {@code export?set=PATH} answers it) or NDJSON, received
 * and bounded as the bundled collection's events are ({@link ImportEndpoint}, {@link ImportSource}), each checked as
 * a create of the place checks it ({@link PlaceDocuments#keep}), in one transaction: all or none. An entity of a
 * contained place names its parents' keys in {@code @graphmock.parents}, a link its target's in
 * {@code nav@graphmock.link}, as the export writes them; {@code ?mode=upsert} replaces an entity whose key is taken.
 */
final class SetImport implements ImportEndpoint.Loader {
  /** Each entity as a tree, so that its annotations can be taken out before it is read as a create's body. */
  private static final ImportSource.Reading<ObjectNode> TREES = new ImportSource.Reading<>() {
    @Override
    public ObjectNode read(JsonParser json) throws IOException {
      return (ObjectNode) PlaceDocuments.MAPPER.readTree(json);
    }

    @Override
    public String noun() {
      return "Entity";
    }
  };

  private final PlaceDocuments documents;
  private final FamilyStore store;
  private final EntitySetPath place;

  SetImport(PlaceDocuments documents, FamilyStore store, EntitySetPath place) {
    this.documents = documents;
    this.store = store;
    this.place = place;
  }

  @Override
  public String noun() {
    return "entity";
  }

  @Override
  public String nouns() {
    return "entities";
  }

  @Override
  public AdminResponse load(AdminRequest request, String tenant, boolean upsert, boolean ndjson, InputStream body) {
    try {
      long imported = store.bulkLoad(place.name(), () -> {
        PlaceDocuments.Links links = documents.new Links();
        long count = 0;
        try {
          ImportSource<ObjectNode> source = ndjson ? ImportSource.ndjson(body, TREES)
              : ImportSource.page(body, TREES);
          for (ObjectNode entity = source.next(); entity != null; entity = source.next()) {
            documents.keep(tenant, place, entity, "Entity " + count, upsert, links);
            count++;
          }
        } catch (ImportSource.BadEvent e) {
          throw new PlaceDocuments.Refusal(400, "BadRequest", e.getMessage());
        } catch (IOException e) {
          // The client's bytes are all in the file by now: failing to read them back is this machine's fault.
          throw new UncheckedIOException("the import's temporary file could not be read back", e);
        }
        links.keep(tenant);
        return count;
      });
      store.loaded(imported, java.util.List.of(place.name()));
      return AdminResponse.json(200, ("{\"imported\":" + imported + "}").getBytes(StandardCharsets.UTF_8));
    } catch (PlaceDocuments.Refusal refusal) {
      String message = refusal.getMessage();
      message = message.substring(0, message.length() - (message.endsWith(".") ? 1 : 0));
      return AdminApi.error(refusal.status, refusal.code, message + (refusal.status == 409 ? "; nothing was imported"
          + " (send ?mode=upsert to replace existing entities)." : ". Nothing was imported."), request);
    }
  }
}
