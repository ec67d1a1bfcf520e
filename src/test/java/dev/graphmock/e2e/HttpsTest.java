package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.app.GraphServer;
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
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --https: TLS on the same port with a certificate made on first start, trusted by a client that trusts only it. */
class HttpsTest {
  @TempDir
  Path folder;

  static HttpClient trusting(Path pem) throws Exception {
    return HttpClient.newBuilder().sslContext(trustingContext(pem)).build();
  }

  /** TLS that trusts only the certificate in {@code pem}. */
  static SSLContext trustingContext(Path pem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      trust.setCertificateEntry("graphmock", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  @Test
  void thePrivateKeyIsReadableByItsOwnerOnlyWhateverTheUmask() throws Exception {
    try (GraphServer server = GraphServer.start(TestServer.config(folder).withHttps(true))) {
      Path key = folder.resolve("graphmock-tls-key.pem");
      assertTrue(Files.size(key) > 0);
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(key)));
      assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(server.certificateFile())));
    }
  }

  @Test
  void servesTlsWithACertificateKeptBesideTheDatabase() throws Exception {
    Path pem;
    String firstCertificate;
    try (GraphServer server = GraphServer.start(TestServer.config(folder).withHttps(true))) {
      assertEquals("https", server.uri().getScheme());
      pem = server.certificateFile();
      assertEquals(folder.resolve("graphmock-tls-cert.pem"), pem);
      firstCertificate = Files.readString(pem);
      HttpClient client = trusting(pem);
      for (String host : new String[] {"127.0.0.1", "localhost"}) {
        URI root = URI.create("https://" + host + ":" + server.uri().getPort() + "/beta");
        HttpResponse<String> metadata = client.send(HttpRequest.newBuilder(URI.create(root + "/$metadata")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metadata.statusCode());
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(root
            + "/deviceManagement/autopilotEvents")).header("Authorization", "Bearer t")
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"@odata.context\":\"" + root + "/$metadata#"), created.body());
      }
      HttpClient untrusting = HttpClient.newHttpClient();
      assertThrows(SSLHandshakeException.class, () -> untrusting.send(HttpRequest.newBuilder(
          URI.create(server.uri() + "/beta/$metadata")).build(), HttpResponse.BodyHandlers.ofString()));
    }
    try (GraphServer again = GraphServer.start(TestServer.config(folder).withHttps(true))) {
      assertEquals(firstCertificate, Files.readString(again.certificateFile()), "the certificate is kept");
      assertEquals(200, trusting(pem).send(HttpRequest.newBuilder(URI.create(again.uri() + "/beta/$metadata")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    }
  }
}
