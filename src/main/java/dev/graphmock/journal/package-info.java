/**
 * The request journal: what each Graph request (and each request inside a {@code $batch}) sent and got back, as
 * plain values ({@link dev.graphmock.journal.JournalEntry}), kept in a bounded ring for tests to query
 * ({@code /__admin/requests}), optionally appended to an NDJSON file and printed as one line each for people
 * watching a run. Secrets never enter it: {@link dev.graphmock.journal.Redaction} keeps an Authorization header's
 * scheme and a JWT's non-secret claims only. Sits beside {@code http}, which records into it; uses nothing of
 * graphmock's but {@code model}, and neither Jetty nor Olingo.
 */
package dev.graphmock.journal;
