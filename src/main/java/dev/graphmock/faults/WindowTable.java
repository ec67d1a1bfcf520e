package dev.graphmock.faults;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * The throttle's windows, one per limit and key, held within fixed bounds whatever callers send. A key is the
 * unverified {@code tid} and {@code appid} of any token, so before issue 30 a client sending unique 15 KB tenants
 * filled a 256 MiB heap. Now:
 * <ul>
 *   <li>a window that counts nothing more is idle and is dropped by a later request, at most the longest window
 *       after its last use, so a tenant that has gone quiet costs nothing once its window has passed;</li>
 *   <li>at most {@link #MAX_WINDOWS} are held; past that the least recently used is forgotten, and its key's next
 *       request starts a fresh window, so only a client juggling more keys than that within one window can get
 *       more than a limit lets through;</li>
 *   <li>a tenant or app longer than {@link #MAX_ID_LENGTH} characters is kept as a SHA-256 digest of it.</li>
 * </ul>
 * Not thread-safe: {@link Throttle} guards it.
 */
final class WindowTable {
  /** Enough for thousands of tenants in one window; a full table of full windows is well under 20 MiB. */
  static final int MAX_WINDOWS = 20_000;
  /** Graph's tenant and app ids are 36-character GUIDs; anything much longer is kept as its digest. */
  static final int MAX_ID_LENGTH = 128;

  /** A window's identity: the limit's position in the throttle's list, and the tenant or app (or both) it counts. */
  private record Key(int limit, String tenant, String app) {
  }

  private final Map<Key, CountedWindow> windows = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, CountedWindow> eldest) {
      return size() > MAX_WINDOWS;
    }
  };

  /**
   * The window of limit number {@code limit} for this tenant and app (either may be null), or null when none is held.
   * The ids are {@link #bounded} ones.
   */
  CountedWindow find(int limit, String tenant, String app) {
    return windows.get(new Key(limit, tenant, app));
  }

  /** A new window, held from now on; when that makes one too many, the least recently used is forgotten. */
  CountedWindow create(int limit, String tenant, String app) {
    CountedWindow window = new CountedWindow();
    windows.put(new Key(limit, tenant, app), window);
    return window;
  }

  /**
   * Drops the idle windows among the least recently used, stopping at the first that is not idle. Every window used
   * before it was last used no later, so each idle window goes at most the longest window after its last use, and
   * the work is paid for by the requests that made the windows.
   *
   * @param windowNanos the window of limit number {@code i}
   */
  void dropIdle(long now, IntToLongFunction windowNanos) {
    Iterator<Map.Entry<Key, CountedWindow>> eldest = windows.entrySet().iterator();
    while (eldest.hasNext()) {
      Map.Entry<Key, CountedWindow> entry = eldest.next();
      if (!entry.getValue().isIdle(now, windowNanos.applyAsLong(entry.getKey().limit()))) {
        return;
      }
      eldest.remove();
    }
  }

  /** How many windows are held. */
  int size() {
    return windows.size();
  }

  /** How many buckets the windows held use together. */
  int buckets() {
    return windows.values().stream().mapToInt(CountedWindow::buckets).sum();
  }

  /** {@code id} itself when it is short enough to keep, else {@code sha256:} and its digest, 50 characters. */
  static String bounded(String id) {
    if (id == null || id.length() <= MAX_ID_LENGTH) {
      return id;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
