/**
 * The {@link dev.graphmock.layering.Layer} annotation each package's {@code package-info.java} carries. Depends on
 * nothing; every package may use it.
 */
@Layer
package dev.graphmock.layering;
