package dev.signet.client;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * How a client proves who it is at the token endpoint: a client secret ({@code
 * client_secret_basic}), a signed assertion ({@code private_key_jwt}, RFC 7523 section 2.2), or
 * nothing (a public client such as {@code signet-cli}, which sends only its {@code client_id}).
 */
public sealed interface ClientAuthentication {

  String clientId();

  /**
   * Adds this client's parameters to a token-endpoint form and answers the Basic credentials to
   * send, or null.
   */
  SignetHttp.Basic apply(Map<String, String> form, Discovery discovery, Clock clock);

  static ClientAuthentication secret(String clientId, String secret) {
    return new Secret(clientId, secret);
  }

  static ClientAuthentication privateKeyJwt(
      String clientId, PrivateKey key, String keyId, String algorithm) {
    return new PrivateKeyJwt(clientId, key, keyId, algorithm);
  }

  static ClientAuthentication publicClient(String clientId) {
    return new Public(clientId);
  }

  record Secret(String clientId, String secret) implements ClientAuthentication {
    @Override
    public SignetHttp.Basic apply(Map<String, String> form, Discovery discovery, Clock clock) {
      return new SignetHttp.Basic(clientId, secret);
    }

    @Override
    public String toString() {
      return "Secret[" + clientId + ", secret hidden]";
    }
  }

  record Public(String clientId) implements ClientAuthentication {
    @Override
    public SignetHttp.Basic apply(Map<String, String> form, Discovery discovery, Clock clock) {
      form.put("client_id", clientId);
      return null;
    }
  }

  /** Each request gets a fresh assertion: a new jti, 60 s of life, audience = the issuer. */
  record PrivateKeyJwt(String clientId, PrivateKey key, String keyId, String algorithm)
      implements ClientAuthentication {

    static final Duration LIFETIME = Duration.ofSeconds(60);

    @Override
    public SignetHttp.Basic apply(Map<String, String> form, Discovery discovery, Clock clock) {
      form.put("client_id", clientId);
      form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
      form.put(
          "client_assertion",
          Assertions.sign(
              clientId, clientId, discovery.issuer(), key, keyId, algorithm, LIFETIME, clock));
      return null;
    }

    @Override
    public String toString() {
      return "PrivateKeyJwt[" + clientId + ", kid=" + keyId + "]";
    }
  }

  /** RFC 7523 assertions, for client authentication and for key login alike. */
  final class Assertions {
    private Assertions() {}

    static String sign(
        String issuer,
        String subject,
        String audience,
        PrivateKey key,
        String keyId,
        String algorithm,
        Duration lifetime,
        Clock clock) {
      JwtClaims claims = new JwtClaims();
      long now = clock.instant().getEpochSecond();
      claims.setIssuer(issuer);
      claims.setSubject(subject);
      claims.setAudience(audience);
      claims.setJwtId(UUID.randomUUID().toString());
      claims.setIssuedAt(NumericDate.fromSeconds(now));
      claims.setExpirationTime(NumericDate.fromSeconds(now + lifetime.toSeconds()));
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setKey(key);
      jws.setAlgorithmHeaderValue(algorithm);
      if (keyId != null) {
        jws.setKeyIdHeaderValue(keyId);
      }
      try {
        return jws.getCompactSerialization();
      } catch (JoseException e) {
        throw new IllegalStateException("cannot sign an assertion with " + algorithm, e);
      }
    }
  }
}
