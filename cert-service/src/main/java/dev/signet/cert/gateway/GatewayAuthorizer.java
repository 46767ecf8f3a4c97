package dev.signet.cert.gateway;

import dev.signet.cert.CertConfig;
import dev.signet.common.error.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Envoy HTTP ext_authz check ({@code signet.cert.ext-authz.enabled}): Envoy sends each request's
 * headers, with any method and the original path appended, to {@code /v1/gateway/authorize}. The
 * answer is 200 when the forwarded client certificate is one this service issued (the stored
 * certificate is byte for byte the one presented), unexpired, unrevoked, and its single URI SAN
 * starts with the configured prefix; 403 otherwise. Off by default: the route does not exist.
 */
@ApplicationScoped
public class GatewayAuthorizer {

  static final String PATH = "/v1/gateway/authorize";
  static final String XFCC = "x-forwarded-client-cert";
  private static final Logger LOG = Logger.getLogger(GatewayAuthorizer.class);

  /** Allowed with the caller's identity, or denied with why. */
  sealed interface Decision {
    record Allow(String spiffeId, String serial) implements Decision {}

    record Deny(String reason) implements Decision {}
  }

  private final CertConfig config;
  private final Pool pool;
  private final Clock clock;
  private final MeterRegistry registry;

  GatewayAuthorizer(CertConfig config, Pool pool, Clock clock, MeterRegistry registry) {
    this.config = config;
    this.pool = pool;
    this.clock = clock;
    this.registry = registry;
  }

  void install(@Observes Router router) {
    if (!config.extAuthz().enabled()) {
      return;
    }
    router.route(PATH).handler(this::handle);
    router.route(PATH + "/*").handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    decide(ctx.request().getHeader(XFCC))
        .subscribe()
        .with(
            decision -> answer(ctx, decision),
            failure -> {
              LOG.errorf("ext_authz check failed: %s", failure.getClass().getSimpleName());
              send(ctx, Problem.of(503, "unavailable", "Check unavailable", "try again"));
            });
  }

  Uni<Decision> decide(String header) {
    var pem = ForwardedClientCert.pem(header);
    if (pem.isEmpty()) {
      return deny("no client certificate was forwarded");
    }
    X509Certificate presented;
    try {
      presented =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(pem.get().getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException | RuntimeException e) {
      return deny("the forwarded certificate does not parse");
    }
    Instant now = clock.instant();
    if (now.isBefore(presented.getNotBefore().toInstant())
        || !now.isBefore(presented.getNotAfter().toInstant())) {
      return deny("the certificate is not valid now");
    }
    List<String> uris = uris(presented);
    String prefix = config.extAuthz().uriPrefix().orElse("spiffe://" + config.trustDomain() + "/");
    if (uris.size() != 1 || !uris.get(0).startsWith(prefix)) {
      return deny("the certificate's URI SAN does not match " + prefix);
    }
    String serial = presented.getSerialNumber().toString(16);
    byte[] encoded;
    try {
      encoded = presented.getEncoded();
    } catch (CertificateException e) {
      return deny("the forwarded certificate does not parse");
    }
    return pool.preparedQuery(
            "SELECT certificate_pem, status, not_after FROM certificates WHERE serial_number = $1")
        .execute(Tuple.of(serial))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return denied("the certificate was not issued by Signet");
              }
              Row row = rows.iterator().next();
              if (!MessageDigest.isEqual(der(row.getString("certificate_pem")), encoded)) {
                return denied("the certificate was not issued by Signet");
              }
              if (!"issued".equals(row.getString("status"))) {
                return denied("the certificate is revoked");
              }
              if (!row.getOffsetDateTime("not_after").toInstant().isAfter(now)) {
                return denied("the certificate has expired");
              }
              return new Decision.Allow(uris.get(0), serial);
            });
  }

  private Uni<Decision> deny(String reason) {
    return Uni.createFrom().item(denied(reason));
  }

  private Decision denied(String reason) {
    registry.counter("cert_ext_authz_denied_total").increment();
    return new Decision.Deny(reason);
  }

  private static byte[] der(String pem) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .getEncoded();
    } catch (CertificateException e) {
      return new byte[0];
    }
  }

  private static List<String> uris(X509Certificate certificate) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (Integer.valueOf(6).equals(name.get(0))) {
            out.add(String.valueOf(name.get(1)));
          }
        }
      }
    } catch (CertificateException e) {
      return List.of();
    }
    return out;
  }

  private static void answer(RoutingContext ctx, Decision decision) {
    if (decision instanceof Decision.Allow allow) {
      ctx.response()
          .setStatusCode(200)
          .putHeader("x-signet-spiffe-id", allow.spiffeId())
          .putHeader("x-signet-certificate-serial", allow.serial())
          .end();
    } else if (decision instanceof Decision.Deny deny) {
      send(ctx, Problem.of(403, "client-certificate-refused", "Forbidden", deny.reason()));
    }
  }

  private static void send(RoutingContext ctx, Problem problem) {
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        .end(Json.encode(problem.withInstance(PATH)));
  }
}
