package dev.graphmock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reference size graphmock tells Jetty, so that Jetty need not start JMX to ask (a start that does not is in
 * RunnableJarIT): the answer Jetty's own question would get, and a value the user set is kept.
 */
class JettyReferenceSizeTest {
  private String before;

  @BeforeEach
  void forget() {
    before = System.clearProperty(HttpServer.REFERENCES_PER_CACHE_LINE);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(HttpServer.REFERENCES_PER_CACHE_LINE);
    } else {
      System.setProperty(HttpServer.REFERENCES_PER_CACHE_LINE, before);
    }
  }

  @Test
  void theValueIsWhatJettyWouldLearnFromJmx() {
    HttpServer.tellJettyTheReferenceSize();

    // Jetty's own way (MemoryUtils): ints per cache line with compressed references, else longs.
    boolean compressed = Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .getVMOption("UseCompressedOops").getValue());
    int cacheLine = Integer.getInteger("org.eclipse.jetty.util.cacheLineBytes", 64);
    assertEquals(String.valueOf(compressed ? cacheLine / Integer.BYTES : cacheLine / Long.BYTES),
        System.getProperty(HttpServer.REFERENCES_PER_CACHE_LINE));
  }

  @Test
  void aValueTheUserSetIsKept() {
    System.setProperty(HttpServer.REFERENCES_PER_CACHE_LINE, "3");
    HttpServer.tellJettyTheReferenceSize();
    assertEquals("3", System.getProperty(HttpServer.REFERENCES_PER_CACHE_LINE));
  }
}
