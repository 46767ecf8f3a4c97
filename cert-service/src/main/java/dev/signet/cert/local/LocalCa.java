package dev.signet.cert.local;

import dev.signet.cert.CertConfig;
import dev.signet.common.error.ProblemException;
import dev.signet.common.keys.MasterKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The LOCAL issuer: BouncyCastle CAs for client and for server certificates (two separate CAs, as
 * with PCA's two ARNs). Its EC P-256 key is generated once, by the first replica that needs it, and
 * kept in {@code cert_local_cas} sealed with the master keys; the CA certificate is
 * name-constrained to the SPIFFE trust domain, and every leaf's URI is checked against that
 * constraint before it is signed.
 */
@ApplicationScoped
public class LocalCa {

  public static final String CLIENT = "client";
  public static final String SERVER = "server";
  private static final Duration CA_LIFETIME = Duration.ofDays(3650);
  private static final Duration BACKDATE = Duration.ofMinutes(1);
  private static final String SIGNATURE = "SHA256withECDSA";

  /** A leaf certificate and the CA that signed it. */
  public record Issued(X509Certificate certificate, X509Certificate ca) {}

  private record Ca(X509Certificate certificate, PrivateKey key) {}

  private final Pool pool;
  private final MasterKeys masterKeys;
  private final CertConfig config;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final java.util.concurrent.ConcurrentMap<String, Ca> cas =
      new java.util.concurrent.ConcurrentHashMap<>();

  LocalCa(Pool pool, MasterKeys masterKeys, CertConfig config, Clock clock) {
    this.pool = pool;
    this.masterKeys = masterKeys;
    this.config = config;
    this.clock = clock;
  }

  /** The client CA's certificate, creating the CA on first use. */
  public Uni<X509Certificate> clientCaCertificate() {
    return ca(CLIENT).map(Ca::certificate);
  }

  /** The server CA's certificate (a separate CA), creating it on first use. */
  public Uni<X509Certificate> serverCaCertificate() {
    return ca(SERVER).map(Ca::certificate);
  }

  /**
   * Signs a server leaf: CA=false, digitalSignature (+ keyEncipherment for RSA), serverAuth, the
   * given DNS and IP names. The caller has already checked them against the CA's name constraints.
   */
  public Uni<Issued> signServer(
      PublicKey key,
      X500Name subject,
      List<GeneralName> names,
      Instant notBefore,
      Instant notAfter) {
    return ca(SERVER)
        .map(
            ca -> {
              try {
                int usage = KeyUsage.digitalSignature;
                if ("RSA".equals(key.getAlgorithm())) {
                  usage |= KeyUsage.keyEncipherment;
                }
                X509v3CertificateBuilder builder =
                    new JcaX509v3CertificateBuilder(
                        ca.certificate(),
                        serial(),
                        Date.from(notBefore),
                        Date.from(notAfter),
                        subject,
                        key);
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                builder
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(
                        Extension.extendedKeyUsage,
                        false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.cRLDistributionPoints, false, crlPoint(SERVER))
                    .addExtension(
                        Extension.subjectKeyIdentifier,
                        false,
                        utils.createSubjectKeyIdentifier(key))
                    .addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        utils.createAuthorityKeyIdentifier(ca.certificate()));
                return new Issued(sign(builder, ca.key()), ca.certificate());
              } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("the local CA could not sign", e);
              }
            });
  }

  /**
   * Signs a client leaf: CA=false, digitalSignature, clientAuth, exactly one URI SAN.
   *
   * @param spiffeId the caller's SPIFFE ID; must lie in the trust domain the CA is constrained to
   */
  public Uni<Issued> signClient(
      PublicKey key, X500Name subject, String spiffeId, Instant notBefore, Instant notAfter) {
    requireInTrustDomain(spiffeId);
    return ca(CLIENT)
        .map(
            ca -> {
              try {
                X509v3CertificateBuilder builder =
                    new JcaX509v3CertificateBuilder(
                        ca.certificate(),
                        serial(),
                        Date.from(notBefore),
                        Date.from(notAfter),
                        subject,
                        key);
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                builder
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                        Extension.extendedKeyUsage,
                        false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(
                        Extension.subjectAlternativeName,
                        true,
                        new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId)))
                    .addExtension(Extension.cRLDistributionPoints, false, crlPoint(CLIENT))
                    .addExtension(
                        Extension.subjectKeyIdentifier,
                        false,
                        utils.createSubjectKeyIdentifier(key))
                    .addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        utils.createAuthorityKeyIdentifier(ca.certificate()));
                return new Issued(sign(builder, ca.key()), ca.certificate());
              } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("the local CA could not sign", e);
              }
            });
  }

  /** One revoked certificate as a CRL lists it. */
  public record Revoked(BigInteger serial, Instant revokedAt, int reason) {}

  /**
   * The CA's CRL (RFC 5280 5): thisUpdate now, nextUpdate after {@code signet.cert.crl-validity},
   * the CRL number from the clock (increasing across replicas without shared state).
   *
   * @param caName {@code client} or {@code server}
   */
  public Uni<X509CRL> crl(String caName, List<Revoked> revoked) {
    return ca(caName)
        .map(
            ca -> {
              try {
                Instant now = clock.instant();
                JcaX509v2CRLBuilder builder =
                    new JcaX509v2CRLBuilder(ca.certificate(), Date.from(now));
                builder.setNextUpdate(Date.from(now.plus(config.crlValidity())));
                for (Revoked entry : revoked) {
                  builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reason());
                }
                builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
                builder.addExtension(
                    Extension.cRLNumber,
                    false,
                    new CRLNumber(BigInteger.valueOf(now.toEpochMilli())));
                X509CRLHolder holder =
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(ca.key()));
                return (X509CRL)
                    CertificateFactory.getInstance("X.509")
                        .generateCRL(new ByteArrayInputStream(holder.getEncoded()));
              } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("the local CA could not sign its CRL", e);
              }
            });
  }

  /** Where a leaf's CRL is served. */
  public String crlUrl(String caName) {
    String base = config.crlBaseUrl();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + "/v1/crl/"
        + caName
        + ".crl";
  }

  private CRLDistPoint crlPoint(String caName) {
    return new CRLDistPoint(
        new DistributionPoint[] {
          new DistributionPoint(
              new DistributionPointName(
                  new GeneralNames(
                      new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl(caName)))),
              null,
              null)
        });
  }

  /** PEM text of a certificate. */
  public static String pem(X509Certificate certificate) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /** Hex of a certificate's serial number, as the certificates table keys it. */
  public static String serialText(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16);
  }

  /** The name constraint, checked here too: a leaf outside the trust domain is never signed. */
  void requireInTrustDomain(String spiffeId) {
    String prefix = "spiffe://" + config.trustDomain() + "/";
    if (!spiffeId.startsWith(prefix) || spiffeId.length() == prefix.length()) {
      throw ProblemException.forbidden(
          "the certificate's URI lies outside the CA's trust domain " + config.trustDomain());
    }
  }

  private Uni<Ca> ca(String name) {
    Ca loaded = cas.get(name);
    if (loaded != null) {
      return Uni.createFrom().item(loaded);
    }
    return load(name)
        .chain(found -> found != null ? Uni.createFrom().item(found) : create(name))
        .invoke(ca -> cas.put(name, ca));
  }

  private Uni<Ca> load(String name) {
    return pool.preparedQuery(
            "SELECT certificate_pem, private_key, master_key_version FROM cert_local_cas"
                + " WHERE name = $1")
        .execute(Tuple.of(name))
        .map(LocalCa::firstOrNull)
        .map(row -> row == null ? null : open(name, row));
  }

  /** Generates the CA; if another replica inserted one first, that one wins and is used. */
  private Uni<Ca> create(String caName) {
    Ca fresh = generate(caName);
    byte[] pkcs8 = fresh.key().getEncoded();
    MasterKeys.Sealed sealed = masterKeys.seal(pkcs8, aad(caName));
    Arrays.fill(pkcs8, (byte) 0);
    return pool.preparedQuery(
            "INSERT INTO cert_local_cas (name, certificate_pem, private_key, master_key_version)"
                + " VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING")
        .execute(
            Tuple.of(
                caName,
                pem(fresh.certificate()),
                io.vertx.core.buffer.Buffer.buffer(sealed.ciphertext()),
                sealed.version()))
        .chain(() -> load(caName));
  }

  private Ca generate(String caName) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = generator.generateKeyPair();
      Instant now = clock.instant();
      X500Name name =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.O, "Signet")
              .addRDN(BCStyle.CN, "Signet local " + caName + " CA")
              .build();
      NameConstraints constraints =
          CLIENT.equals(caName) ? clientConstraints() : serverConstraints();
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(CA_LIFETIME)),
                  name,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  utils.createSubjectKeyIdentifier(pair.getPublic()));
      if (constraints != null) {
        builder.addExtension(Extension.nameConstraints, true, constraints);
      }
      return new Ca(sign(builder, pair.getPrivate()), pair.getPrivate());
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the local CA", e);
    }
  }

  private NameConstraints clientConstraints() {
    return new NameConstraints(
        new GeneralSubtree[] {
          new GeneralSubtree(
              new GeneralName(
                  GeneralName.uniformResourceIdentifier, new DERIA5String(config.trustDomain())))
        },
        null);
  }

  /**
   * The server CA is constrained to the configured DNS domains and IP ranges, so even a policy
   * written too wide cannot make it sign outside them; with neither configured it is unconstrained.
   */
  private NameConstraints serverConstraints() {
    List<GeneralSubtree> permitted = new ArrayList<>();
    for (String domain : config.server().permittedDnsDomains().orElse(List.of())) {
      permitted.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, domain)));
    }
    for (String range : config.server().permittedIpRanges().orElse(List.of())) {
      permitted.add(new GeneralSubtree(new GeneralName(GeneralName.iPAddress, range)));
    }
    return permitted.isEmpty()
        ? null
        : new NameConstraints(permitted.toArray(GeneralSubtree[]::new), null);
  }

  private Ca open(String name, Row row) {
    byte[] pkcs8 =
        masterKeys.open(
            row.getString("master_key_version"),
            row.getBuffer("private_key").getBytes(),
            aad(name));
    try {
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(
                          row.getString("certificate_pem").getBytes(StandardCharsets.US_ASCII)));
      return new Ca(certificate, key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the stored local CA cannot be read", e);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException, IOException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)).getEncoded()));
  }

  private static String aad(String name) {
    return "cert-local-ca:" + name;
  }

  /** 159 random bits: positive, at most 20 octets (RFC 5280 4.1.2.2), never zero in practice. */
  private BigInteger serial() {
    return new BigInteger(159, random).setBit(158);
  }

  private static Row firstOrNull(RowSet<Row> rows) {
    return rows.iterator().hasNext() ? rows.iterator().next() : null;
  }
}
