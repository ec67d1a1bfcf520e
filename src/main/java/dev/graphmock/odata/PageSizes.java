package dev.graphmock.odata;

/**
 * How many entities a page holds: {@code $top} and the {@code odata.maxpagesize} preference, the smaller if both
 * are given, else {@code defaultSize}; never over {@code maximum}.
 */
record PageSizes(int defaultSize, int maximum) {
  int pageSize(Integer top, Integer preferred) {
    int size = defaultSize;
    if (top != null && preferred != null) {
      size = Math.min(top, preferred);
    } else if (top != null) {
      size = top;
    } else if (preferred != null) {
      size = preferred;
    }
    return Math.min(size, maximum);
  }
}
