package dev.graphmock.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** graphmock as a separate process, started the way run.sh starts it, for signals, kill -9 and exit codes. */
final class ServerProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("graphmock serving (http://\\S+)/beta .*");

  private final Process process;
  private final Path stderr;
  private String beta;
  private String readyLine;
  private BufferedReader out;

  private ServerProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  static ServerProcess start(Path folder, String... args) throws IOException {
    return startIn(null, folder, args);
  }

  static ServerProcess startIn(Path workingDirectory, Path folder, String... args) throws IOException {
    return startWith(java.util.Map.of(), workingDirectory, folder, args);
  }

  /**
   * Starts in {@code workingDirectory} (null: this process's own) with {@code environment} added to this
   * process's, stderr kept in {@code folder}.
   */
  static ServerProcess startWith(java.util.Map<String, String> environment, Path workingDirectory, Path folder,
                                 String... args) throws IOException {
    return startWith(List.of(), environment, workingDirectory, folder, args);
  }

  /** As run.sh starts it: its JVM options (a 256 MiB heap, the serial collector), {@code args} after. */
  static ServerProcess startAsRunShDoes(Path folder, String... args) throws IOException {
    return startWith(List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmn32m", "-Xmx256m", "-XX:ReservedCodeCacheSize=64m"),
        java.util.Map.of(), null, folder, args);
  }

  private static ServerProcess startWith(List<String> jvmOptions, java.util.Map<String, String> environment,
                                         Path workingDirectory, Path folder, String... args) throws IOException {
    // The SQLite driver extracts its native library at every start and deletes it at exit; a process killed with
    // -9 leaves it behind for good, and every later start anywhere on the machine looks at each one left in the
    // shared temporary folder (1,026 of them slowed start-up by ~100 ms, BENCHMARKS.md). This test's folder goes.
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-Dorg.sqlite.tmpdir=" + folder.toAbsolutePath(), "-cp", ServerClasspath.get(),
        "dev.graphmock.Main"));
    command.addAll(List.of(args));
    Path stderr = Files.createTempFile(folder, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory == null ? null
        : workingDirectory.toFile()).redirectError(stderr.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    return new ServerProcess(process, stderr);
  }

  /** Waits for the ready line and returns the {@code /beta} root it names. */
  String awaitReady() throws IOException {
    String line = out().readLine();
    if (line == null) {
      throw new AssertionError("no ready line; stderr: " + stderr());
    }
    Matcher m = READY.matcher(line);
    if (!m.matches()) {
      throw new AssertionError("unexpected first line: " + line);
    }
    beta = m.group(1) + "/beta";
    readyLine = line;
    return beta;
  }

  /** The ready line {@link #awaitReady} read. */
  String readyLine() {
    return readyLine;
  }

  /** The server's process id, for tools that look inside it (jcmd). */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not exit; stderr: " + stderr());
    }
    return process.exitValue();
  }

  void sigterm() {
    process.destroy();
  }

  void sigkill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Standard output from where the last read of it stopped (after the ready line, say) to its end. */
  String stdout() throws IOException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    for (int read = out().read(buffer); read >= 0; read = out().read(buffer)) {
      text.append(buffer, 0, read);
    }
    return text.toString();
  }

  /** The next line of standard output (lines are read before a signal: Process.destroy closes the stream). */
  String readLine() throws IOException {
    return out().readLine();
  }

  private BufferedReader out() {
    if (out == null) {
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }
    return out;
  }

  String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      sigkill();
    }
  }
}
