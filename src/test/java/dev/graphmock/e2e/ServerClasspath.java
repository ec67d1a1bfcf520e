package dev.graphmock.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The classpath a graphmock process started by a test runs with: the main classes and the runtime dependencies
 * (which the build writes to {@code target/runtime.classpath}), as {@code java -jar} has them; not the test jars,
 * whose indexes cost every start ~190 ms and a small heap 14 MB (Graph's SDK). Where the build did not write the
 * file (a test run from an IDE), the test's own classpath.
 */
public final class ServerClasspath {
  private static final String CLASSPATH = find();

  private ServerClasspath() {
  }

  public static String get() {
    return CLASSPATH;
  }

  private static String find() {
    try {
      Path classes = Path.of(dev.graphmock.Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path file = classes.resolveSibling("runtime.classpath");
      if (!Files.isDirectory(classes) || !Files.isRegularFile(file)) {
        return System.getProperty("java.class.path");
      }
      String dependencies = Files.readString(file, StandardCharsets.UTF_8).strip();
      return dependencies.isEmpty() ? classes.toString() : classes + File.pathSeparator + dependencies;
    } catch (URISyntaxException e) {
      return System.getProperty("java.class.path");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
