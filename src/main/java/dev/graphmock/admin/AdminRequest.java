package dev.graphmock.admin;

import java.io.InputStream;
import java.util.Map;

/**
 * One admin call as the admin API sees it, whichever transport brought it; the body is a stream, so that an
 * import never has to be held in memory.
 *
 * @param path the path after {@code /__admin}, such as {@code /reset}
 * @param parameters the query parameters, decoded, each given once
 */
public record AdminRequest(String method, String path, Map<String, String> parameters, String contentType,
                           InputStream body, String requestId, String clientRequestId) {
}
