package dev.signet.cert.records;

import dev.signet.cert.local.LocalCa;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.security.cert.CRLException;
import java.time.Clock;

/**
 * The local CAs' CRLs at the URLs their certificates name (CRL distribution point): public, DER,
 * signed fresh from the table on each fetch so a revocation shows at once on every replica.
 */
@Path("/v1/crl")
public class CrlResource {

  static final String MEDIA_TYPE = "application/pkix-crl";

  private final LocalCa ca;
  private final CertificateRecords records;
  private final Clock clock;

  CrlResource(LocalCa ca, CertificateRecords records, Clock clock) {
    this.ca = ca;
    this.records = records;
    this.clock = clock;
  }

  @GET
  @Path("/{name}")
  @Produces({MEDIA_TYPE, "application/problem+json"})
  public Uni<Response> crl(@PathParam("name") String name) {
    String kind =
        switch (name) {
          case "client.crl" -> LocalCa.CLIENT;
          case "server.crl" -> LocalCa.SERVER;
          default -> throw dev.signet.common.error.ProblemException.notFound("no CRL " + name);
        };
    return records
        .revokedLocal(kind, clock.instant())
        .chain(revoked -> ca.crl(kind, revoked))
        .map(
            crl -> {
              try {
                return Response.ok(crl.getEncoded(), MEDIA_TYPE)
                    .header("Cache-Control", "public, max-age=60")
                    .build();
              } catch (CRLException e) {
                throw new IllegalStateException(e);
              }
            });
  }
}
