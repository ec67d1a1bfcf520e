package dev.graphmock.journal;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Which entries a journal query wants: each criterion optional, all of them must hold.
 *
 * <p>The path pattern comes from whoever calls the admin API, so it is RE2's (RE2J): matched in time linear in the
 * path, where {@code java.util.regex} backtracks: {@code (.*a){20}$} against {@code /beta/} and 24 {@code a}s and
 * a {@code b} took 4.5 s, each further {@code a} nearly doubling it, a request thread spinning all the while. RE2
 * has no look-around and no back-references; such a pattern is refused.
 *
 * @param path a regular expression (RE2 syntax) searched for in the entry's path
 * @param tenant the tenant, exactly: a tenant is a token's {@code tid}, and two spellings are two tenants
 * @param since entries recorded at or after this instant
 * @param limit the most entries answered
 */
public record JournalFilter(String method, Pattern path, Integer status, String tenant, Instant since, int limit) {
  public static final Set<String> PARAMETERS = Set.of("method", "path", "status", "tenant", "since", "limit");

  public static final JournalFilter ALL = new JournalFilter(null, null, null, null, null, Integer.MAX_VALUE);

  /** Reads a filter from query parameters; an {@link IllegalArgumentException} says what is wrong with one. */
  public static JournalFilter parse(Map<String, String> parameters) {
    String method = parameters.get("method");
    Pattern path = null;
    if (parameters.containsKey("path")) {
      try {
        path = Pattern.compile(parameters.get("path"));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("path must be a regular expression in RE2 syntax (no look-around or"
            + " back-references), not '" + parameters.get("path") + "': " + e.getDescription() + ".");
      }
    }
    Integer status = null;
    if (parameters.containsKey("status")) {
      status = whole(parameters.get("status"), "status", 100, 599);
    }
    Instant since = null;
    if (parameters.containsKey("since")) {
      try {
        since = java.time.OffsetDateTime.parse(parameters.get("since")).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("since must be a date and time such as 2026-11-29T10:00:00Z, not '"
            + parameters.get("since") + "'.");
      }
    }
    int limit = parameters.containsKey("limit") ? whole(parameters.get("limit"), "limit", 1, Integer.MAX_VALUE)
        : Integer.MAX_VALUE;
    return new JournalFilter(method, path, status, parameters.get("tenant"), since, limit);
  }

  private static int whole(String text, String name, int min, int max) {
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Answered below, with the range.
    }
    throw new IllegalArgumentException(name + " must be a whole number from " + min
        + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", not '" + text + "'.");
  }

  boolean test(JournalEntry entry) {
    return (method == null || method.equalsIgnoreCase(entry.method()))
        && (path == null || path.matcher(entry.path()).find())
        && (status == null || status == entry.status())
        && (tenant == null || tenant.equals(entry.tenant()))
        && (since == null || !entry.time().isBefore(since));
  }
}
