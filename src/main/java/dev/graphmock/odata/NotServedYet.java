package dev.graphmock.odata;

import java.util.ArrayList;
import java.util.List;

/**
 * The one way the engine says it does not serve something yet (issue 31): a 501 {@code NotImplemented} naming it,
 * never a silent drop or a wrong answer. {@link #options} names the query options among those given that are
 * present, for the places, the operations' results and the options nested in an expansion alike.
 */
final class NotServedYet {
  private NotServedYet() {
  }

  static ClientErrorException of(String what) {
    return new ClientErrorException(501, "NotImplemented", "graphmock does not serve " + what + " yet.");
  }

  /**
   * Refuses the options present among {@code namesAndOptions} (pairs: the option's name, then what Olingo parsed
   * of it or null), named in that order, as not served {@code where} ({@code "on fleet/devices"}).
   */
  static void refuse(String where, Object... namesAndOptions) throws ClientErrorException {
    List<String> present = new ArrayList<>();
    for (int i = 0; i < namesAndOptions.length; i += 2) {
      if (namesAndOptions[i + 1] != null) {
        present.add((String) namesAndOptions[i]);
      }
    }
    if (!present.isEmpty()) {
      throw of(String.join(", ", present) + " " + where);
    }
  }
}
