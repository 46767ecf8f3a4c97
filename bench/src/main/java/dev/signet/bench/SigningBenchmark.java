package dev.signet.bench;

import dev.signet.common.keys.CryptoProviders;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.common.keys.SigningKeyMaterial;
import java.security.Security;
import java.util.concurrent.TimeUnit;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Access-token signatures per second on one thread, the way ActiveKeySigner makes them (jose4j
 * compact JWS with kid, alg, typ), under the JDK providers and under ACCP. Each parameter set runs
 * in its own forked JVM, so installing ACCP in one never affects another.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SigningBenchmark {

  @Param({"RS256", "ES256", "EdDSA"})
  public String alg;

  @Param({"jdk", "accp"})
  public String provider;

  private SigningKeyMaterial key;
  private String payload;

  @Setup
  public void setUp() {
    if ("accp".equals(provider)) {
      String used = CryptoProviders.installPreferred();
      if (!used.startsWith("AmazonCorrettoCryptoProvider")) {
        throw new IllegalStateException("ACCP did not install: " + used);
      }
    } else {
      Security.removeProvider("AmazonCorrettoCryptoProvider");
    }
    key = SigningKeyMaterial.generate(SigningAlgorithm.parse(alg), 2048);
    JwtClaims claims = new JwtClaims();
    claims.setIssuer("http://127.0.0.1:8081");
    claims.setSubject("ci-pipeline-42");
    claims.setAudience("https://api.example");
    claims.setClaim("client_id", "ci-pipeline-42");
    claims.setClaim("scope", "deploy:write artifacts:read");
    claims.setIssuedAtToNow();
    claims.setExpirationTime(NumericDate.fromSeconds(claims.toJson().length() + 2_000_000_000L));
    claims.setGeneratedJwtId();
    payload = claims.toJson();
  }

  @Benchmark
  public String sign() throws JoseException {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(payload);
    jws.setAlgorithmHeaderValue(key.algorithm().jwsName());
    jws.setKeyIdHeaderValue(key.kid());
    jws.setHeader("typ", "at+jwt");
    jws.setKey(key.privateKey());
    return jws.getCompactSerialization();
  }
}
