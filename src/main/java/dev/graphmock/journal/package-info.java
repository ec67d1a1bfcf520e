/**
 * The request journal: what each Graph request (and each request inside a {@code $batch}) sent and got back, as
 * plain values ({@link dev.graphmock.journal.JournalEntry}), kept in a bounded ring for tests to query
 * ({@code /__admin/requests}), optionally appended to an NDJSON file and printed as one line each for people
 * watching a run. Secrets never enter it: {@link dev.graphmock.journal.Redaction} keeps an Authorization header's
 * scheme and a JWT's non-secret claims only. Sits beside {@code http}, which records into it; uses nothing of
 * graphmock's but {@code model}, and neither Jetty nor Olingo.
 */
@Layer(uses = "model", libraries = {"com.fasterxml.jackson", "com.google.re2j", "org.slf4j"})
package dev.graphmock.journal;

import dev.graphmock.layering.Layer;
