package dev.graphmock;

import java.lang.reflect.Proxy;

/**
 * SIGTERM and SIGINT as requests to stop, handled by graphmock instead of by the JVM's default (which exits with
 * 143 or 130 after the shutdown hooks): the process then stops cleanly and exits 0. Uses {@code sun.misc.Signal}
 * from the {@code jdk.unsupported} module, which every Java 17 runtime has, through reflection so that the build
 * stays free of warnings about it; where it is missing the JVM's default stays, and the shutdown hook still stops
 * the server.
 */
final class StopSignals {
  private StopSignals() {
  }

  static void onStop(Runnable stop) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerType},
          (proxy, method, arguments) -> switch (method.getName()) {
            case "handle" -> {
              stop.run();
              yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == arguments[0];
            default -> "graphmock stop signal handler";
          });
      for (String name : new String[] {"TERM", "INT"}) {
        signal.getMethod("handle", signal, handlerType).invoke(null,
            signal.getConstructor(String.class).newInstance(name), handler);
      }
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // This runtime or platform cannot hand the signals over; its default handling stays.
    }
  }
}
