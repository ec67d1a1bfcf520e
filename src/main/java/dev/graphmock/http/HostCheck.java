package dev.graphmock.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Keeps web pages away from a server that trusts whoever can reach it (the admin API without a token; Graph calls
 * under {@code --auth none}). A page in a browser on the same machine can send a request to 127.0.0.1, and two
 * kinds need no CORS preflight, so no {@code --cors-origin} stands in their way:
 * <ul>
 *   <li>a "simple" cross-origin POST ({@code Content-Type: text/plain} or a form): the browser sends it, and only
 *       the reading of the answer is blocked, so {@code POST /__admin/reset} would empty every tenant. A call that
 *       changes state is refused (403) when its {@code Origin} is not this server's own (or one named with
 *       {@code --cors-origin}), and refused (415) when it carries a body that is not JSON or NDJSON, which no
 *       browser sends cross-origin without a preflight; a call without a body needs no content type;</li>
 *   <li>DNS rebinding: a page at {@code attacker.example}, whose name then resolves to 127.0.0.1, reads
 *       {@code GET /__admin/export} as its own origin. Such a request names the attacker's host in {@code Host},
 *       so a call whose {@code Host} is not one of this server's names is refused (403): loopback names
 *       ({@code localhost}, {@code *.localhost}), any IP address (a name is needed to rebind), the {@code --host}
 *       address, and the names given with {@code --allowed-host}.</li>
 * </ul>
 * Graph calls under {@code --auth bearer} or {@code jwt} need a token, which a browser sends cross-origin only after
 * a preflight that CORS refuses; they get the {@code Host} rule only under {@code --auth none}.
 */
final class HostCheck extends Handler.Wrapper {
  private final Set<String> names;
  private final Set<String> corsOrigins;
  private final boolean graphCallsTrustAnyone;

  /**
   * @param host the {@code --host} address
   * @param allowedHosts further names clients may use for this server ({@code --allowed-host})
   * @param corsOrigins the origins allowed with {@code --cors-origin}
   * @param graphCallsTrustAnyone whether Graph calls need no token ({@code --auth none})
   */
  HostCheck(String host, List<String> allowedHosts, List<String> corsOrigins, boolean graphCallsTrustAnyone,
            Handler next) {
    super(next);
    this.names = new java.util.HashSet<>();
    names.add(bare(host));
    allowedHosts.forEach(name -> names.add(bare(name)));
    this.corsOrigins = corsOrigins.stream().map(origin -> origin.toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    this.graphCallsTrustAnyone = graphCallsTrustAnyone;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    boolean admin = GraphExchange.isAdmin(request);
    if (!admin && !graphCallsTrustAnyone) {
      return super.handle(request, response, callback);
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (host != null && !isOwnName(hostOf(host))) {
      Response.writeError(request, response, callback, 403, "The Host '" + host + "' is not a name of this server;"
          + " start graphmock with --allowed-host " + hostOf(host) + " to allow it.");
      return true;
    }
    if (admin && changesState(request.getMethod())) {
      String origin = request.getHeaders().get(HttpHeader.ORIGIN);
      if (origin != null && !isOwnOrigin(origin, request)) {
        Response.writeError(request, response, callback, 403, "Admin calls that change state are refused from"
            + " another origin ('" + origin + "'); allow a browser tool with --cors-origin " + origin + ".");
        return true;
      }
      String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
      if (hasBody(request) && !isJson(contentType)) {
        Response.writeError(request, response, callback, 415, "Send the body as application/json (or"
            + " application/x-ndjson for an import), not " + (contentType == null ? "a body without a"
            + " Content-Type" : "'" + contentType + "'") + ".");
        return true;
      }
    }
    return super.handle(request, response, callback);
  }

  private boolean isOwnName(String host) {
    String name = bare(host);
    return name.equals("localhost") || name.endsWith(".localhost") || isAddress(name) || names.contains(name);
  }

  /** This server's own origin (one of its names, on its port), or one named with --cors-origin. */
  private boolean isOwnOrigin(String origin, Request request) {
    if (corsOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
      return true;
    }
    try {
      URI uri = new URI(origin);
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      return uri.getHost() != null && isOwnName(uri.getHost()) && port == Request.getLocalPort(request);
    } catch (java.net.URISyntaxException e) {
      // "null" (a sandboxed page, a file) or garbage: not this server
      return false;
    }
  }

  private static boolean changesState(String method) {
    return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
  }

  private static boolean hasBody(Request request) {
    return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
    return mediaType.equals("application/json") || mediaType.equals("application/x-ndjson");
  }

  /** The host of a {@code Host} header, without its port; an IPv6 address keeps its brackets. */
  private static String hostOf(String hostHeader) {
    String host = hostHeader.trim();
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(0, close + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  /** A name compared as DNS compares it: without case, brackets or a final dot. */
  private static String bare(String name) {
    String bare = name.trim().toLowerCase(Locale.ROOT);
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    return bare.endsWith(".") ? bare.substring(0, bare.length() - 1) : bare;
  }

  /** An IPv4 or IPv6 literal, which no DNS answer can rebind. */
  private static boolean isAddress(String name) {
    return name.contains(":") ? name.matches("[0-9a-f:.]+(%[0-9a-z._~-]+)?") && name.indexOf(':') != name.lastIndexOf(':')
        : name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
}
