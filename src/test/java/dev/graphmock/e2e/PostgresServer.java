package dev.graphmock.e2e;

import dev.graphmock.store.DatabaseLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests, made and started by the tests themselves from the binaries Debian's
 * {@code postgresql} package installs ({@code /usr/lib/postgresql/N/bin}, or {@code GRAPHMOCK_PG_BIN}), in a
 * temporary folder, on a free port of 127.0.0.1, and removed when the JVM ends. PostgreSQL refuses to run as root,
 * which CI is: then every command runs as the {@code postgres} account through {@code runuser}.
 *
 * <p>One server per JVM ({@link #shared}); each graphmock the tests start gets a database of its own
 * ({@link #newDatabase}), as each got a file of its own. {@link #stop} and {@link #start} stop and start the same
 * server on the same port, for the tests of a lost database.
 */
public final class PostgresServer {
  private static final String SUPERUSER = "graphmock";
  /** The role that must log in with a password (see {@link #newPasswordDatabase}). */
  static final String PASSWORD_ROLE = "graphmock_login";
  private static PostgresServer shared;

  private final Path bin;
  private final Path data;
  private final int port;
  private final boolean asPostgresUser;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path bin, Path data, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.data = data;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The JVM's server for the tests, made and started on first use. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = startNew(false);
    }
    return shared;
  }

  /**
   * A new server, started, removed when the JVM ends. {@code durable}: PostgreSQL's defaults (fsync, full page
   * writes), as a benchmark should measure it; otherwise the tests' faster settings.
   */
  public static PostgresServer startNew(boolean durable) {
    PostgresServer server = create(durable);
    server.start();
    // Stopped and removed when the test JVM ends. A shutdown hook is the one place a thread is unavoidable; it
    // asserts nothing, it only cleans up.
    Runtime.getRuntime().addShutdownHook(java.util.concurrent.Executors.defaultThreadFactory()
        .newThread(server::destroy));
    return server;
  }

  private static PostgresServer create(boolean durable) {
    Path bin = findBin();
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path folder = Files.createTempDirectory("graphmock-pg");
      Path data = folder.resolve("data");
      if (root) {
        run(List.of("chown", "postgres", folder.toString()));
      }
      int port;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      PostgresServer server = new PostgresServer(bin, data, port, root);
      server.pg(List.of("initdb", "-D", data.toString(), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
          "--locale=C.UTF-8", "--no-sync"));
      // For the tests, durability against power loss is not what is tested (a stop of PostgreSQL is clean, and
      // loses nothing acknowledged with or without fsync), and fsync would only make the suite slower.
      // One role logs in with a password over TCP (first matching line wins), for the tests of a password login;
      // every other login is trusted.
      Path hba = data.resolve("pg_hba.conf");
      Files.writeString(hba, "host all " + PASSWORD_ROLE + " 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
      Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
          "listen_addresses = '127.0.0.1'", "port = " + port, "unix_socket_directories = '" + folder + "'",
          "max_connections = 300", durable ? "" : "fsync = off", durable ? "" : "full_page_writes = off",
          "log_min_messages = warning", ""), java.nio.file.StandardOpenOption.APPEND);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path findBin() {
    String configured = System.getenv("GRAPHMOCK_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path debian = Path.of("/usr/lib/postgresql");
    try (var versions = Files.list(debian)) {
      return versions.filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
          .max(java.util.Comparator.comparingInt(version -> Integer.parseInt(version.getFileName().toString()
              .replaceAll("\\D", "0")))).map(version -> version.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL under " + debian));
    } catch (IOException | IllegalStateException e) {
      throw new IllegalStateException("The PostgreSQL tests need PostgreSQL's server binaries: apt-get install"
          + " postgresql (Debian/Ubuntu), or set GRAPHMOCK_PG_BIN to the folder holding initdb and pg_ctl", e);
    }
  }

  /** Starts the server and waits until it accepts connections. */
  public void start() {
    pg(List.of("pg_ctl", "-D", data.toString(), "-l", data.getParent().resolve("log.txt").toString(), "-w",
        "-t", "60", "start"));
  }

  /** Stops the server ("fast": connections are cut, everything committed is kept) and waits until it is down. */
  public void stop() {
    pg(List.of("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
  }

  private void destroy() {
    try {
      pg(List.of("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    } catch (RuntimeException e) {
      // Already stopped.
    }
    try (var files = Files.walk(data.getParent())) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind is not worth failing a run for.
    }
  }

  int port() {
    return port;
  }

  /** A new, empty database on this server, as graphmock's {@code --db} takes it. */
  public String newDatabaseUrl() {
    String name = "graphmock_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(jdbc("postgres"), SUPERUSER, "");
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a database on the test PostgreSQL: " + e.getMessage(), e);
    }
    return "postgresql://" + SUPERUSER + "@127.0.0.1:" + port + "/" + name;
  }

  /**
   * A new, empty database owned by {@link #PASSWORD_ROLE}, which logs in with {@code password}; returns its URL
   * without the password.
   */
  String newPasswordDatabase(String password) {
    String url = newDatabaseUrl();
    String name = url.substring(url.lastIndexOf('/') + 1);
    try (Connection connection = DriverManager.getConnection(jdbc("postgres"), SUPERUSER, "");
         Statement statement = connection.createStatement()) {
      statement.execute("DO $$ BEGIN CREATE ROLE " + PASSWORD_ROLE + " LOGIN; EXCEPTION WHEN duplicate_object THEN"
          + " NULL; END $$");
      statement.execute("ALTER ROLE " + PASSWORD_ROLE + " PASSWORD '" + password.replace("'", "''") + "'");
      statement.execute("ALTER DATABASE " + name + " OWNER TO " + PASSWORD_ROLE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot make a password login on the test PostgreSQL: " + e.getMessage(), e);
    }
    return "postgresql://" + PASSWORD_ROLE + "@127.0.0.1:" + port + "/" + name;
  }

  DatabaseLocation newDatabase() {
    return DatabaseLocation.parse(newDatabaseUrl());
  }

  String jdbc(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private void pg(List<String> command) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.add(bin.resolve(command.get(0)).toString());
    full.addAll(command.subList(1, command.size()));
    run(full);
  }

  private static void run(List<String> command) {
    try {
      Path output = Files.createTempFile("graphmock-pg", ".txt");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
          .directory(new java.io.File("/tmp")).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      String text = Files.readString(output);
      Files.delete(output);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
