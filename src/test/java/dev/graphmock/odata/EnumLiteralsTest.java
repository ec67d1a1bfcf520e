package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graphmock.model.EnumDef;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** $filter as Graph users write enum literals → the form Olingo 5 accepts. */
class EnumLiteralsTest {
  static final String STATE = "microsoft.graph.enrollmentState";
  static final String DEPLOYMENT = "microsoft.graph.windowsAutopilotDeploymentState";

  static final EnumLiterals LITERALS = new EnumLiterals(Map.of(
      "enrollmentState", new EnumDef(STATE, members("unknown", "enrolled", "pendingReset", "failed", "blocked")),
      "deploymentState", new EnumDef(DEPLOYMENT, members("unknown", "success", "inProgress", "failure")),
      // A collection of enum members, as an engine schema may declare.
      "states", new EnumDef(STATE, members("unknown", "enrolled", "pendingReset", "failed", "blocked"))));

  static Map<String, Long> members(String... names) {
    Map<String, Long> members = new LinkedHashMap<>();
    for (String name : names) {
      members.put(name, (long) members.size());
    }
    return members;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "enrollmentState eq 'failed'          | enrollmentState eq microsoft.graph.enrollmentState'failed'",
      "enrollmentState ne 'failed'          | enrollmentState ne microsoft.graph.enrollmentState'failed'",
      "enrollmentState gt 'enrolled'        | enrollmentState gt microsoft.graph.enrollmentState'enrolled'",
      "'failed' eq enrollmentState          | microsoft.graph.enrollmentState'failed' eq enrollmentState",
      "'failed' le enrollmentState          | microsoft.graph.enrollmentState'failed' le enrollmentState",
      "enrollmentState  eq   'failed'       | enrollmentState  eq   microsoft.graph.enrollmentState'failed'",
      "enrollmentState eq 'Failed'          | enrollmentState eq microsoft.graph.enrollmentState'Failed'",
      "enrollmentState eq 'nope'            | enrollmentState eq microsoft.graph.enrollmentState'nope'",
      "deploymentState eq 'success' and enrollmentState ne 'failed' | deploymentState eq microsoft.graph.windowsAutopilotDeploymentState'success' and enrollmentState ne microsoft.graph.enrollmentState'failed'",
      "(enrollmentState eq 'failed')        | (enrollmentState eq microsoft.graph.enrollmentState'failed')"})
  void prefixesPlainStringsComparedWithAnEnum(String filter, String rewritten) {
    assertEquals(rewritten, LITERALS.rewrite(FilterToken.scan(filter)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "enrollmentState in ('failed','blocked') | (enrollmentState eq microsoft.graph.enrollmentState'failed' or enrollmentState eq microsoft.graph.enrollmentState'blocked')",
      "enrollmentState in ('failed')           | (enrollmentState eq microsoft.graph.enrollmentState'failed')",
      "enrollmentState in ( 'FAILED' , microsoft.graph.enrollmentState'Blocked' ) | (enrollmentState eq microsoft.graph.enrollmentState'failed' or enrollmentState eq microsoft.graph.enrollmentState'blocked')",
      "not enrollmentState in ('failed','blocked') and deviceId eq 'x' | not (enrollmentState eq microsoft.graph.enrollmentState'failed' or enrollmentState eq microsoft.graph.enrollmentState'blocked') and deviceId eq 'x'",
      "deploymentState in ('SUCCESS','nope')   | (deploymentState eq microsoft.graph.windowsAutopilotDeploymentState'success' or deploymentState eq microsoft.graph.windowsAutopilotDeploymentState'nope')",
      "enrollmentState in ()                   | enrollmentState in ()",
      "enrollmentState in ('failed',deviceId)  | enrollmentState in ('failed',deviceId)",
      "enrollmentState in ('failed'            | enrollmentState in ('failed'",
      "deviceId in ('failed','blocked')        | deviceId in ('failed','blocked')"})
  void expandsInListsIntoOrChains(String filter, String rewritten) {
    assertEquals(rewritten, LITERALS.rewrite(FilterToken.scan(filter)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "enrollmentState eq microsoft.graph.enrollmentState'FAILED'   | enrollmentState eq microsoft.graph.enrollmentState'failed'",
      "microsoft.graph.enrollmentState'Blocked' eq enrollmentState  | microsoft.graph.enrollmentState'blocked' eq enrollmentState",
      "deploymentState eq microsoft.graph.windowsAutopilotDeploymentState'inprogress' | deploymentState eq microsoft.graph.windowsAutopilotDeploymentState'inProgress'",
      "enrollmentState eq microsoft.graph.enrollmentState'failed'   | enrollmentState eq microsoft.graph.enrollmentState'failed'",
      "enrollmentState eq microsoft.graph.enrollmentState'nope'     | enrollmentState eq microsoft.graph.enrollmentState'nope'",
      "enrollmentState eq microsoft.graph.otherEnum'FAILED'         | enrollmentState eq microsoft.graph.otherEnum'FAILED'",
      "deploymentDuration gt duration'PT1M'                         | deploymentDuration gt duration'PT1M'"})
  void foldsTypedLiteralsToTheMembersSpelling(String filter, String rewritten) {
    assertEquals(rewritten, LITERALS.rewrite(FilterToken.scan(filter)));
  }

  /** The engine's places have paths, lambdas and flags: an enum property is found wherever a filter names it. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "x/enrollmentState eq 'failed'         | x/enrollmentState eq microsoft.graph.enrollmentState'failed'",
      "events/any(e: e/enrollmentState in ('failed','blocked')) | events/any(e: (e/enrollmentState eq microsoft.graph.enrollmentState'failed' or e/enrollmentState eq microsoft.graph.enrollmentState'blocked'))",
      "enrollmentState has 'failed'          | enrollmentState has microsoft.graph.enrollmentState'failed'",
      "states/any(s: s eq 'failed')          | states/any(s: s eq microsoft.graph.enrollmentState'failed')",
      "states/any(s: s/x eq 'failed')        | states/any(s: s/x eq 'failed')",
      "tags/any(enrollmentState: enrollmentState eq 'x') and enrollmentState eq 'failed' | tags/any(enrollmentState: enrollmentState eq 'x') and enrollmentState eq microsoft.graph.enrollmentState'failed'",
      "states/any(s: s eq 'failed') and s eq 'x' | states/any(s: s eq microsoft.graph.enrollmentState'failed') and s eq 'x'"})
  void findsEnumPropertiesInPathsAndLambdas(String filter, String rewritten) {
    assertEquals(rewritten, LITERALS.rewrite(FilterToken.scan(filter)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "deviceId eq 'failed'",
      "deviceId eq 'enrollmentState eq ''failed'''",
      "deviceId eq 'enrollmentState in (''failed'')'",
      "enrollmentState eq null",
      "enrollmentState eq deploymentState",
      "tolower(enrollmentState) eq 'failed'",
      "''"})
  void leavesEverythingElseAlone(String filter) {
    assertEquals(filter, LITERALS.rewrite(FilterToken.scan(filter)));
  }
}
