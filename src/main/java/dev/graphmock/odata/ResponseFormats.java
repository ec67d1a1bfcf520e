package dev.graphmock.odata;

import java.util.List;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.serializer.CustomContentTypeSupport;
import org.apache.olingo.server.api.serializer.RepresentationType;

/**
 * The formats graphmock answers in, as Olingo's content negotiation sees them. Olingo 5 offers
 * {@code application/xml} and {@code application/atom+xml} beside JSON for entities, collections and properties
 * ({@code ContentNegotiator}'s defaults), and takes the first Accept entry that matches one, in q-value order. With
 * those defaults {@code Accept: application/json;q=0.5, application/xml} chose XML, which graphmock's processors
 * could only refuse with a 406 although JSON was acceptable, and a PATCH reached its processor with a format it
 * could not answer in. Without them, Olingo chooses JSON whenever the Accept header allows it and answers 406 before
 * any processor runs when it does not.
 * <pre>
 * ENTITY, COLLECTION_ENTITY, PRIMITIVE, ...   JSON (full, minimal, no metadata, plain application/json)
 * SERVICE, METADATA                           Olingo's defaults: it writes these itself, in XML as well
 * </pre>
 */
final class ResponseFormats implements CustomContentTypeSupport {
  @Override
  public List<ContentType> modifySupportedContentTypes(List<ContentType> defaults, RepresentationType type) {
    if (type == RepresentationType.SERVICE || type == RepresentationType.METADATA) {
      return defaults;
    }
    return defaults.stream().filter(format -> !format.isCompatible(ContentType.APPLICATION_XML)
        && !format.isCompatible(ContentType.APPLICATION_ATOM_XML)).toList();
  }
}
