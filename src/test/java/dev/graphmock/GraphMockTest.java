package dev.graphmock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The in-JVM API's own promises, beyond the admin operations the wire tests cover. */
class GraphMockTest {
  @Test
  void anInMemoryHttpsGraphmockNamesTheCertificateToTrustAndRemovesItAtClose() throws Exception {
    Path certificate;
    try (GraphMock graph = GraphMock.builder().https(true).start()) {
      certificate = graph.certificateFile();
      HttpResponse<String> metadata = HttpClient.newBuilder().sslContext(trustingOnly(certificate)).build()
          .send(HttpRequest.newBuilder(URI.create(graph.baseUrl() + "/$metadata")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, metadata.statusCode());
    }
    assertFalse(Files.exists(certificate.getParent()), certificate.getParent() + " is left behind");
  }

  private static SSLContext trustingOnly(Path pem) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      trusted.setCertificateEntry("graphmock", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
