package dev.graphmock.http;

import java.util.UUID;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * First in the chain: gives every request a new {@code request-id} and echoes the caller's
 * {@code client-request-id} (or repeats the request id when there is none), as Graph does, on every response,
 * errors included. Also sets {@code OData-Version: 4.0}, which Graph sends on every response.
 *
 * <p>Graph's {@code client-request-id} is a GUID; one longer than {@link #MAX_CLIENT_REQUEST_ID} characters is
 * refused with a 400 naming the header, and not echoed, rather than copied into every response header block.
 */
final class RequestIds extends Handler.Wrapper {
  static final String REQUEST_ID = "request-id";
  static final String CLIENT_REQUEST_ID = "client-request-id";
  static final int MAX_CLIENT_REQUEST_ID = 1024;

  RequestIds(Handler handler) {
    super(handler);
  }

  /**
   * A new request id: a random (version 4) GUID, as Graph's are. It only has to differ from every other, not to be
   * unguessable, so its bits come from the thread's own generator: {@code UUID.randomUUID()} draws from the shared
   * {@code SecureRandom}, whose lock every request thread took in turn.
   */
  static String newId() {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String requestId = newId();
    String clientRequestId = request.getHeaders().get(CLIENT_REQUEST_ID);
    boolean tooLong = clientRequestId != null && clientRequestId.length() > MAX_CLIENT_REQUEST_ID;
    if (clientRequestId == null || clientRequestId.isBlank() || tooLong) {
      clientRequestId = requestId;
    }
    request.setAttribute(REQUEST_ID, requestId);
    request.setAttribute(CLIENT_REQUEST_ID, clientRequestId);
    response.getHeaders().put(REQUEST_ID, requestId);
    response.getHeaders().put(CLIENT_REQUEST_ID, clientRequestId);
    response.getHeaders().put("OData-Version", "4.0");
    if (tooLong) {
      Response.writeError(request, response, callback, 400, "The client-request-id header is "
          + request.getHeaders().get(CLIENT_REQUEST_ID).length() + " characters long; at most "
          + MAX_CLIENT_REQUEST_ID + " are accepted (Graph expects a GUID).");
      return true;
    }
    return super.handle(request, response, callback);
  }
}
