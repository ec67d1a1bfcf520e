/**
 * Faults on purpose, so tests can prove a Graph client's retry logic: rules that answer a matching request with
 * an error status (and {@code Retry-After}), delay it, or close its connection, on a schedule that reproduces
 * exactly (the next N, every Nth, or a seeded rate); and a throttle with Graph's published limits or a custom one.
 * Decides only: {@code http} asks before a request reaches OData and does what the decision says, so a faulted
 * request never reaches the store. Uses nothing of graphmock's; neither Jetty nor Olingo. Rules' paths are RE2
 * expressions run by RE2J (linear time), never java.util.regex, since users write them. All it holds is bounded
 * whatever requests and rules name: the throttle's windows and the rules' size have fixed limits.
 */
@Layer(libraries = {"com.fasterxml.jackson", "com.google.re2j"})
package dev.graphmock.faults;

import dev.graphmock.layering.Layer;
