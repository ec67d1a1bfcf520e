/**
 * The request journal: what each Graph request (and each request inside a {@code $batch}) sent and got back, as
 * plain values ({@link dev.graphmock.journal.JournalEntry}), kept in a bounded ring for tests to query
 * ({@code /__admin/requests}), optionally appended to an NDJSON file and printed as one line each for people
 * watching a run. Secrets never enter it: {@link dev.graphmock.journal.Journal#record} redacts every entry on its
 * way in ({@code Redaction}), keeping of a credential only the parameter or header name, an Authorization header's
 * scheme and a bearer JWT's non-secret claims. Sits beside {@code http}, which records into it; uses nothing of
 * graphmock's but {@code model}, and neither Jetty nor Olingo; Jackson reads JSON bodies, and a path pattern
 * a caller gives is RE2J's, never {@code java.util.regex}'s.
 */
@Layer(uses = "model", libraries = {"com.fasterxml.jackson", "com.google.re2j", "org.slf4j"})
package dev.graphmock.journal;

import dev.graphmock.layering.Layer;
