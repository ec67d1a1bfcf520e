package dev.graphmock;

import dev.graphmock.http.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graphmock token}: prints a token that {@code --auth jwt} accepts, so scopes can be tried without a tenant. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Print a JWT that a server started with --auth jwt accepts.")
final class TokenCommand implements Callable<Integer> {

  @Option(names = "--scopes", paramLabel = "A,B", split = ",", required = true,
      description = "Permissions the token grants, e.g. DeviceManagementManagedDevices.ReadWrite.All.")
  List<String> scopes;

  @Option(names = "--app", description = "Application permissions (roles claim) instead of delegated ones (scp).")
  boolean application;

  @Option(names = "--tenant", paramLabel = "TID", description = "The tenant (tid claim) the token names; each"
      + " tenant sees only its own events (default: ${DEFAULT-VALUE}).")
  String tenant = Tokens.TENANT;

  @Option(names = "--expires", paramLabel = "DURATION", description = "Lifetime such as 90s, 30m, 1h or 2d"
      + " (default: ${DEFAULT-VALUE}).")
  String expires = "1h";

  @Override
  public Integer call() {
    if (tenant.isBlank()) {
      throw new IllegalArgumentException("--tenant must not be empty");
    }
    System.out.println(Tokens.issue(scopes, application, lifetime(expires), Instant.now(), tenant));
    return 0;
  }

  static Duration lifetime(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (!value.matches("-?\\d+[smhd]")) {
      throw new IllegalArgumentException("--expires takes a number and a unit (s, m, h or d), such as 1h, not '"
          + text + "'");
    }
    long amount = Long.parseLong(value.substring(0, value.length() - 1));
    return switch (value.charAt(value.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }
}
