package dev.graphmock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Which arguments make picocli learn the sub-commands (a server's need none of them); help and every use of a
 * sub-command are checked end to end in CommandLineTest and DataCommandsTest.
 */
class SubcommandArgumentsTest {
  @ParameterizedTest
  @ValueSource(strings = {"token", "import", "export", "generate", "generat", "@arguments.txt", "help"})
  void aFirstArgumentThatIsNotAnOptionMayNameOne(String first) {
    assertTrue(Main.mayNameASubcommand(first, "--db", "x.db"));
  }

  @Test
  void helpOrASubcommandAnywhereMayNeedThem() {
    assertTrue(Main.mayNameASubcommand("--port", "1", "generate", "--count", "5"));
    assertTrue(Main.mayNameASubcommand("--port", "1", "--help"));
    assertTrue(Main.mayNameASubcommand("--port", "1", "--help=true"));
    assertTrue(Main.mayNameASubcommand("-h"));
    assertTrue(Main.mayNameASubcommand("-Vh"));
    assertTrue(Main.mayNameASubcommand("--db", "x.db", "@more-arguments.txt"));
  }

  @Test
  void aServersOptionsNeedNone() {
    assertFalse(Main.mayNameASubcommand());
    assertFalse(Main.mayNameASubcommand("--port", "0", "--db", ":memory:", "--schema", "current", "--auth", "jwt",
        "--host", "127.0.0.1", "-V", "--version", "--no-admin", "--db=help.db"));
  }

  @Test
  void theListIsEverySubcommandByItsName() {
    CommandLine line = new CommandLine(new Main());
    Main.SUBCOMMANDS.forEach(line::addSubcommand);
    assertEquals(List.of("token", "import", "export", "generate"), List.copyOf(line.getSubcommands().keySet()));
  }
}
