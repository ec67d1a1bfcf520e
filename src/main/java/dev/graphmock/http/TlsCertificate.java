package dev.graphmock.http;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The certificate {@code --https} serves: self-signed, for {@code localhost}, {@code 127.0.0.1} and {@code ::1},
 * made on first start and kept beside the database ({@code graphmock-tls-cert.pem} and
 * {@code graphmock-tls-key.pem}) so that clients can trust it once. Clients trust the certificate PEM itself.
 */
public final class TlsCertificate {
  static final String CERTIFICATE_FILE = "graphmock-tls-cert.pem";
  static final String KEY_FILE = "graphmock-tls-key.pem";
  /** Only ever in memory, between this class and Jetty. */
  static final char[] KEY_STORE_PASSWORD = "graphmock".toCharArray();

  private final Path certificateFile;
  private final X509Certificate certificate;
  private final PrivateKey key;

  private TlsCertificate(Path certificateFile, X509Certificate certificate, PrivateKey key) {
    this.certificateFile = certificateFile;
    this.certificate = certificate;
    this.key = key;
  }

  /** The certificate in {@code folder}, made there first when it is not yet. */
  public static TlsCertificate loadOrCreate(Path folder) throws IOException {
    Path certificateFile = folder.resolve(CERTIFICATE_FILE);
    Path keyFile = folder.resolve(KEY_FILE);
    try {
      if (!Files.exists(certificateFile) || !Files.exists(keyFile)) {
        create(certificateFile, keyFile);
      }
      return new TlsCertificate(certificateFile, readCertificate(certificateFile), readKey(keyFile));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot make or read the TLS certificate in " + folder + ": " + e.getMessage(), e);
    }
  }

  public Path certificateFile() {
    return certificateFile;
  }

  KeyStore keyStore() throws IOException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("graphmock", key, KEY_STORE_PASSWORD, new Certificate[] {certificate});
      return store;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot hold the TLS key: " + e.getMessage(), e);
    }
  }

  private static void create(Path certificateFile, Path keyFile)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500Name("CN=graphmock localhost");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
        new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.iPAddress, InetAddress.getByName("::1").getHostAddress())}));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
    Files.createDirectories(certificateFile.getParent());
    // The key is readable by its owner only from the moment it exists (not chmod-ed after writing, which would
    // leave a window); the certificate is public by nature.
    createWithPermissions(keyFile, "rw-------");
    createWithPermissions(certificateFile, "rw-r--r--");
    try (Writer out = Files.newBufferedWriter(keyFile); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      // PKCS#8 ("PRIVATE KEY"): it carries the curve, which the legacy "EC PRIVATE KEY" form leaves to the reader.
      pem.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null).generate());
    }
    try (Writer out = Files.newBufferedWriter(certificateFile); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(holder);
    }
  }

  /** A new empty file with exactly these POSIX permissions (whatever the umask); a plain new file elsewhere. */
  private static void createWithPermissions(Path file, String permissions) throws IOException {
    Files.deleteIfExists(file);
    if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file);
      return;
    }
    var exact = java.nio.file.attribute.PosixFilePermissions.fromString(permissions);
    Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(exact));
    Files.setPosixFilePermissions(file, exact);
  }

  private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
    try (Reader in = Files.newBufferedReader(file); PEMParser pem = new PEMParser(in)) {
      Object read = pem.readObject();
      if (!(read instanceof X509CertificateHolder holder)) {
        throw new IOException(file + " holds no certificate");
      }
      return new JcaX509CertificateConverter().getCertificate(holder);
    }
  }

  private static PrivateKey readKey(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file); PEMParser pem = new PEMParser(in)) {
      Object read = pem.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (read instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (read instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IOException(file + " holds no private key");
    }
  }
}
