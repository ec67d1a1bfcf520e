package dev.graphmock;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every flag may also come from an environment variable, as CI systems and container platforms expect:
 * {@code --port} from {@code GRAPHMOCK_PORT}, {@code --max-concurrent} from {@code GRAPHMOCK_MAX_CONCURRENT}, a
 * switch such as {@code --https} from {@code GRAPHMOCK_HTTPS=true}. A flag on the command line wins over its
 * variable. A repeatable flag ({@code --fault}, {@code --cors-origin}) takes one value from its variable.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
  private final Map<String, String> environment;

  EnvironmentDefaults(Map<String, String> environment) {
    this.environment = environment;
  }

  /** {@code GRAPHMOCK_} and the option's longest name in capitals, dashes as underscores. */
  static String variable(OptionSpec option) {
    return "GRAPHMOCK_" + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String value = environment.get(variable(option));
    return value == null || value.isEmpty() ? null : value;
  }

  /** Registers the variables on {@code command} and its sub-commands, and names each in their --help. */
  static void install(CommandLine command, Map<String, String> environment) {
    command.setDefaultValueProvider(new EnvironmentDefaults(environment));
    describe(command);
  }

  private static void describe(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    List<String> lines = new ArrayList<>(List.of(spec.usageMessage().footer()));
    lines.add("");
    lines.add("Every option may also be set by an environment variable (an option given here wins):");
    for (OptionSpec option : spec.options()) {
      if (!option.usageHelp() && !option.versionHelp()) {
        lines.add(String.format("  %-28s %s", variable(option), option.longestName()));
      }
    }
    spec.usageMessage().footer(lines.toArray(String[]::new));
    for (CommandLine sub : command.getSubcommands().values()) {
      describe(sub);
    }
  }
}
