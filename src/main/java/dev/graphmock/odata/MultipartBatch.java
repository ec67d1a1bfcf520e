package dev.graphmock.odata;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.deserializer.batch.BatchOptions;
import org.apache.olingo.server.api.deserializer.batch.BatchRequestPart;
import org.apache.olingo.server.api.deserializer.batch.ODataResponsePart;
import org.apache.olingo.server.core.deserializer.batch.BatchParserCommon;

/**
 * The OData 4.0 multipart/mixed {@code $batch} format, read and written with Olingo's batch parser and serializer
 * and turned into {@link GraphRequest}s and back, so that each part runs through the same pipeline as a direct
 * call. Running the parts, change-set transactions and {@code $n} Content-ID references are the caller's.
 */
public final class MultipartBatch {
  private static final OData ODATA = OData.newInstance();

  private MultipartBatch() {
  }

  /** One top-level part: a single request, or a change set whose requests commit together. */
  public record Part(boolean changeSet, List<GraphRequest> requests) {
  }

  /** The responses of one part, in request order; a failed change set has just its failing response. */
  public record PartResponses(boolean changeSet, List<GraphResponse> responses) {
  }

  public static boolean accepts(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed");
  }

  public static List<Part> parse(GraphRequest batch) throws ClientErrorException {
    try {
      String boundary = BatchParserCommon.getBoundary(batch.header("Content-Type"), 0);
      BatchOptions options = BatchOptions.with().rawBaseUri(batch.serviceRoot()).isStrict(false).build();
      List<BatchRequestPart> parsed = ODATA.createFixedFormatDeserializer()
          .parseBatchRequest(new ByteArrayInputStream(batch.body()), boundary, options);
      List<Part> parts = new ArrayList<>();
      for (BatchRequestPart part : parsed) {
        List<GraphRequest> requests = new ArrayList<>();
        for (ODataRequest request : part.getRequests()) {
          requests.add(toGraphRequest(request, batch));
        }
        parts.add(new Part(part.isChangeSet(), requests));
      }
      return parts;
    } catch (ODataLibraryException e) {
      // getMessage() is Olingo's note to its own developers ("Illegal http method"); the translated text is the one
      // it writes for clients, and names the line ("Invalid HTTP method at line '5'.").
      throw ClientErrorException.badRequest("The multipart batch is malformed: "
          + e.getTranslatedMessage(Locale.ENGLISH).getMessage());
    }
  }

  /** The multipart/mixed response for {@code parts}. */
  public static GraphResponse respond(List<PartResponses> parts) {
    String boundary = "batchresponse_" + UUID.randomUUID();
    List<ODataResponsePart> responseParts = new ArrayList<>();
    for (PartResponses part : parts) {
      List<ODataResponse> responses = new ArrayList<>();
      for (GraphResponse response : part.responses()) {
        responses.add(toODataResponse(response));
      }
      responseParts.add(new ODataResponsePart(responses, part.changeSet()));
    }
    try (InputStream body = ODATA.createFixedFormatSerializer().batchResponse(responseParts, boundary)) {
      return new GraphResponse(200, Map.of("Content-Type", "multipart/mixed;boundary=" + boundary),
          body.readAllBytes());
    } catch (ODataLibraryException | IOException e) {
      throw new IllegalStateException("a batch response could not be written", e);
    }
  }

  private static GraphRequest toGraphRequest(ODataRequest request, GraphRequest batch) throws ClientErrorException {
    Map<String, List<String>> headers = GraphRequest.itemHeaders(request.getAllHeaders(), batch);
    byte[] body;
    try (InputStream in = request.getBody()) {
      body = in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw ClientErrorException.badRequest("A part of the batch could not be read.");
    }
    String path = request.getRawODataPath() == null ? "" : request.getRawODataPath();
    if (path.equalsIgnoreCase("/$batch")) {
      // OData does not nest batches (and a change set inside a change set could not be all or nothing).
      throw ClientErrorException.badRequest("A request inside a batch may not be another batch.");
    }
    return new GraphRequest(request.getMethod().name(), batch.serviceRoot(), path, request.getRawQueryPath(),
        headers, body, UUID.randomUUID().toString(), batch.clientRequestId());
  }

  private static ODataResponse toODataResponse(GraphResponse response) {
    ODataResponse odata = new ODataResponse();
    odata.setStatusCode(response.status());
    response.headers().forEach((name, value) -> {
      if (!name.equalsIgnoreCase(HttpHeader.CONTENT_LENGTH)) {
        odata.setHeader(name, value);
      }
    });
    odata.setContent(new ByteArrayInputStream(response.body()));
    return odata;
  }
}
