package dev.signet.deploy.attack;

import static dev.signet.deploy.attack.Signet.expectProblem;
import static dev.signet.deploy.attack.Signet.expectStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.deploy.attack.Http.Answer;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 item 1, hostile CSRs against the running cert-service (local CA): bad signatures, weak
 * keys, names a client may not ask for, server names outside the policy (wildcards, mixed script,
 * bad punycode), things that are no CSR, oversized and NUL-laden bodies, absurd TTLs, tokens for
 * another audience or without the scope, quota exhaustion and forged client certificates at
 * ext_authz. Each is refused with problem+json naming its rule, and no certificate is recorded. The
 * CSRs are cert-service's checked-in openssl fixtures (cert-service/src/test/resources/csr).
 */
class CertificateAttacksIT extends AttackCases {

  private static final String AUDIENCE = "urn:signet:cert";
  private static final String CLIENT_SCOPE = "certificate:sign:client";
  private static final String SERVER_SCOPE = "certificate:sign:server";

  private static Client client;
  private static Client server;

  @BeforeAll
  static void accountsAndPolicy() {
    client = account("atkc-client", List.of(CLIENT_SCOPE));
    server = account("atkc-server", List.of(SERVER_SCOPE));
    Answer policy =
        Http.put(suite.certUrl() + "/v1/server-certificate-policies/" + server.clientId())
            .bearer(signet.adminToken())
            .json(
                Map.of(
                    "dns_patterns",
                    List.of("*.a.example", "*.example.com"),
                    "ip_cidrs",
                    List.of("10.1.0.0/16"),
                    "allow_wildcards",
                    true))
            .send();
    expectStatus(policy, "the server account's policy", 200, 201);
  }

  @Test
  void hostileClientCsrsAreRefusedByRule() {
    long before = certificates();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(fixture("rsa1024.csr"), "csr-weak-key");
    cases.put(fixture("p192.csr"), "csr-weak-key");
    cases.put(fixture("p256-dns-san.csr"), "csr-client-san");
    cases.put(fixture("certificate.pem"), "csr-certificate-not-csr");
    cases.put(tampered(fixture("p256.csr")), "csr-bad-signature");
    cases.put("garbage", "csr-not-a-csr");
    cases.put(
        "-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n",
        "csr-not-a-csr");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      expectRule(sign(client, Map.of("csr", c.getKey())), c.getValue(), 400);
    }
    assertEquals(before, certificates(), "no certificate recorded");
  }

  @Test
  void hostileServerCsrsAreRefusedByRule() {
    long before = certificates();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("server-outside.csr", "403 csr-san-not-allowed");
    cases.put("server-two-deep.csr", "403 csr-san-not-allowed");
    cases.put("server-wildcard-deep.csr", "403 csr-wildcard-too-deep");
    cases.put("server-wildcard-middle.csr", "400 csr-wildcard-not-left-most");
    cases.put("server-mixed-script.csr", "400 csr-confusable-name");
    cases.put("server-bad-punycode.csr", "400 csr-invalid-idna");
    cases.put("server-uri-san.csr", "400 csr-server-san");
    cases.put("server-ip-outside.csr", "403 csr-ip-not-allowed");
    cases.put("rsa1024.csr", "400 csr-weak-key");
    cases.put("p192.csr", "400 csr-weak-key");
    cases.put("certificate.pem", "400 csr-certificate-not-csr");
    cases.put("p256.csr", "400 csr-no-names");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      String[] expected = c.getValue().split(" ");
      expectRule(
          serverSign(server, Map.of("csr", fixture(c.getKey()))),
          expected[1],
          Integer.parseInt(expected[0]));
    }
    expectRule(
        serverSign(server, Map.of("csr", tampered(fixture("server-p256.csr")))),
        "csr-bad-signature",
        400);
    assertEquals(before, certificates(), "no certificate recorded");
  }

  @Test
  void oversizedAndManyBlockBodiesAreRefused() {
    long before = certificates();
    String megabyte = "{\"csr\":\"" + "A".repeat(1024 * 1024) + "\"}";
    for (String path : List.of("/v1/certificates/sign", "/v1/server-certificates")) {
      Client caller = path.contains("server") ? server : client;
      Answer big = Http.post(suite.certUrl() + path).bearer(token(caller)).rawJson(megabyte).send();
      expectRule(big, "body-too-large", 413);
    }
    // 250 CSRs in one field: over the body limit; 2 or 20: under it, still not exactly one CSR.
    String many = fixture("p256.csr").repeat(250);
    expectRule(sign(client, Map.of("csr", many)), "body-too-large", 413);
    for (int blocks : new int[] {2, 20}) {
      String some = fixture("p256.csr").repeat(blocks);
      expectRule(sign(client, Map.of("csr", some)), "csr-not-a-csr", 400);
    }
    String mixed = fixture("certificate.pem") + fixture("p256.csr");
    expectProblem(sign(client, Map.of("csr", mixed)), "a certificate before the CSR", 400);
    assertEquals(before, certificates(), "no certificate recorded");
  }

  @Test
  void nulControlAndAbsurdTtlsAreRefused() {
    long before = certificates();
    String csr = fixture("p256.csr");
    expectProblem(sign(client, Map.of("csr", csr + "\u0000")), "NUL after the CSR", 400);
    expectProblem(sign(client, Map.of("csr", "\u0000" + csr)), "NUL before the CSR", 400);
    expectProblem(
        sign(client, Map.of("csr", csr.replace("\n", "\n\u001b[2J"))), "escapes in the PEM", 400);
    expectProblem(
        sign(client, Map.of("csr", csr, "build_session_id", "x\u0000y")), "NUL session id", 400);
    // Numbers are read from JSON numbers only: "600\u0000", "600" and 600.9 are not 600.
    for (Object ttl :
        List.of(-5, 0, Long.MAX_VALUE, "1e309", "-600", List.of(600), "600\u0000", "600", 600.9)) {
      expectProblem(sign(client, Map.of("csr", csr, "ttl_seconds", ttl)), "ttl " + ttl, 400);
    }
    Answer huge =
        Http.post(suite.certUrl() + "/v1/certificates/sign")
            .bearer(token(client))
            .rawJson(
                "{\"csr\":"
                    + Http.JSON.valueToTree(csr)
                    + ",\"ttl_seconds\":1"
                    + "0".repeat(400)
                    + "}")
            .send();
    expectProblem(huge, "a 400-digit ttl", 400);
    // A key given twice is refused whichever copy is the good one (parsers differ on which wins).
    for (String body :
        List.of(
            "{\"csr\":" + Http.JSON.valueToTree(csr) + ",\"csr\":\"garbage\"}",
            "{\"csr\":\"garbage\",\"csr\":" + Http.JSON.valueToTree(csr) + "}")) {
      Answer duplicate =
          Http.post(suite.certUrl() + "/v1/certificates/sign")
              .bearer(token(client))
              .rawJson(body)
              .send();
      expectProblem(duplicate, "a duplicate csr key", 400);
    }
    expectProblem(sign(client, Map.of()), "no csr", 400);
    assertEquals(before, certificates(), "no certificate recorded");
  }

  @Test
  void tokensForAnotherAudienceOrWithoutTheScopeAreRefused() {
    long before = certificates();
    Client elsewhere = signet.createAccount("atkc-elsewhere", List.of(CLIENT_SCOPE));
    String wrongAudience = signet.accessToken(elsewhere, CLIENT_SCOPE);
    String adminApiOnly =
        signet.accessToken(signet.admin(), "signet:admin", "resource", "urn:signet:admin");
    String noScope = token(account("atkc-noscope", List.of(Signet.SCOPE)));
    String clientOnly = token(client);
    String csr = fixture("p256.csr");
    for (String bearer : List.of(wrongAudience, adminApiOnly, "not-a-jwt")) {
      expectProblem(call("POST", "/v1/certificates/sign", bearer, Map.of("csr", csr)), "sign", 401);
      expectProblem(
          call("POST", "/v1/server-certificates", bearer, Map.of("csr", csr)), "server", 401);
      expectProblem(call("GET", "/v1/certificates", bearer, null), "list", 401);
    }
    expectProblem(call("POST", "/v1/certificates/sign", noScope, Map.of("csr", csr)), "sign", 403);
    expectProblem(
        call(
            "POST",
            "/v1/server-certificates",
            clientOnly,
            Map.of("csr", fixture("server-p256.csr"))),
        "a client signer asks for a server certificate",
        403);
    expectProblem(call("GET", "/v1/certificates", clientOnly, null), "list", 403);
    expectProblem(
        call(
            "PUT",
            "/v1/server-certificate-policies/" + client.clientId(),
            clientOnly,
            Map.of("dns_patterns", List.of("*.example.com"))),
        "a signer writes its own policy",
        403);
    // A signer without a policy gets none of its names.
    Client unlisted = account("atkc-unlisted", List.of(SERVER_SCOPE));
    expectProblem(
        serverSign(unlisted, Map.of("csr", fixture("server-p256.csr"))),
        "server scope without a policy",
        403);
    assertEquals(before, certificates(), "no certificate recorded");
    assertEquals(
        0,
        signet.count(
            "SELECT count(*) FROM cert_server_policies WHERE account = ?", client.clientId()),
        "no policy written");
  }

  @Test
  void everyEndpointNeedsTheCertAudienceAndItsScope() {
    long before = certificates();
    long policies = signet.count("SELECT count(*) FROM cert_server_policies");
    Client elsewhere = signet.createAccount("atkc-elsewhere", List.of(CLIENT_SCOPE));
    String wrongAudience = signet.accessToken(elsewhere, CLIENT_SCOPE);
    String noScope = token(account("atkc-noscope", List.of(Signet.SCOPE)));
    String session = java.util.UUID.randomUUID().toString();
    String policy = "/v1/server-certificate-policies/" + server.clientId();
    Map<String, Object> csr = Map.of("csr", fixture("p256.csr"));
    List<Object[]> endpoints =
        List.of(
            new Object[] {"GET", "/v1/certificates", null},
            new Object[] {"GET", "/v1/certificates/00", null},
            new Object[] {"POST", "/v1/certificates/00/revoke", Map.of("reason", "key_compromise")},
            new Object[] {"GET", "/v1/server-certificate-policies", null},
            new Object[] {"GET", policy, null},
            new Object[] {"PUT", policy, Map.of("dns_patterns", List.of("**"))},
            new Object[] {"DELETE", policy, null},
            new Object[] {"POST", "/v1/certificates/sign", csr},
            new Object[] {"POST", "/v1/server-certificates", csr},
            new Object[] {"POST", "/v1/build/sessions", Map.of("workflow", "w", "run_id", "1")},
            new Object[] {"GET", "/v1/build/sessions/" + session, null},
            new Object[] {"DELETE", "/v1/build/sessions/" + session, null});
    for (Object[] e : endpoints) {
      String what = e[0] + " " + e[1];
      expectProblem(call((String) e[0], (String) e[1], wrongAudience, e[2]), what, 401);
      expectProblem(call((String) e[0], (String) e[1], noScope, e[2]), what + " no scope", 403);
    }
    assertEquals(before, certificates(), "no certificate recorded");
    assertEquals(policies, signet.count("SELECT count(*) FROM cert_server_policies"));
    assertTrue(
        signet
            .strings(
                "SELECT dns_patterns::text FROM cert_server_policies WHERE account = ?",
                server.clientId())
            .get(0)
            .contains("a.example"),
        "the server account's policy is unchanged");
  }

  @Test
  void quotaExhaustionIs429WithRetryAfterAndForgedCertificatesAreRefusedAtTheGateway() {
    // The attack suite runs cert-service with 3 certificates per identity and hour.
    Client hungry = account("atkc-quota", List.of(CLIENT_SCOPE));
    String issued = null;
    for (int i = 0; i < 3; i++) {
      Answer ok = sign(hungry, Map.of("csr", fixture("p256.csr"), "ttl_seconds", 600));
      expectStatus(ok, "certificate " + (i + 1) + " of the quota", 200);
      issued = ok.text("certificate_pem");
    }
    long before = certificates();
    Answer over = sign(hungry, Map.of("csr", fixture("p256.csr")));
    expectRule(over, "quota-exceeded", 429);
    long retry = Long.parseLong(over.header("retry-after").orElse("-1"));
    assertTrue(retry >= 1 && retry <= 3600, "Retry-After within the hour: " + over.headers());
    assertEquals(before, certificates(), "nothing recorded over the quota");

    // ext_authz: the stored certificate passes; a forged, unknown or garbled one does not.
    expectStatus(authorize(xfcc(issued)), "the certificate cert-service issued", 200);
    List<String> refused =
        List.of(
            xfcc(fixture("certificate.pem")),
            xfcc(tampered(issued, "CERTIFICATE")),
            "Cert=\"garbage\"",
            "Cert=\"" + "A".repeat(4_000) + "\"",
            "Hash=abc;Subject=\"CN=admin\"",
            "By=spiffe://signet.internal/admin;URI=spiffe://signet.internal/service/admin",
            xfcc(fixture("certificate.pem"))
                + ","
                + xfcc(issued).replace("Cert=", "Hash=x;Cert=x"));
    for (String header : refused) {
      Answer answer = authorize(header);
      expectRule(answer, "client-certificate-refused", 403);
      assertTrue(answer.header("x-signet-spiffe-id").isEmpty(), "no identity: " + answer.headers());
    }
    Answer none = Http.get(suite.certUrl() + "/v1/gateway/authorize/anything").send();
    expectRule(none, "client-certificate-refused", 403);
  }

  // ------------------------------------------------------------------ helpers

  private static Answer authorize(String header) {
    return Http.get(suite.certUrl() + "/v1/gateway/authorize/orders")
        .header("x-forwarded-client-cert", header)
        .send();
  }

  private static String xfcc(String pem) {
    return "Cert=\"" + Http.encode(pem).replace("+", "%20") + "\"";
  }

  private static void expectRule(Answer answer, String rule, int status) {
    expectProblem(answer, rule, status);
    String type = answer.text("type");
    assertTrue(type != null && type.endsWith("/" + rule), "type names " + rule + ": " + answer);
  }

  private static Client account(String prefix, List<String> scopes) {
    Map<String, Object> body = Signet.account(prefix, scopes);
    body.put("allowed_audiences", List.of(AUDIENCE));
    return signet.createAccount(body);
  }

  private static String token(Client caller) {
    return signet.accessToken(caller, null);
  }

  private static Answer sign(Client caller, Map<String, ?> body) {
    return call("POST", "/v1/certificates/sign", token(caller), body);
  }

  private static Answer serverSign(Client caller, Map<String, ?> body) {
    return call("POST", "/v1/server-certificates", token(caller), body);
  }

  private static Answer call(String method, String path, String bearer, Object body) {
    Http.Call call =
        switch (method) {
          case "GET" -> Http.get(suite.certUrl() + path);
          case "POST" -> Http.post(suite.certUrl() + path);
          case "PUT" -> Http.put(suite.certUrl() + path);
          case "DELETE" -> Http.delete(suite.certUrl() + path);
          default -> throw new IllegalArgumentException(method);
        };
    call.bearer(bearer);
    if (body != null) {
      call.json(body);
    }
    return call.send();
  }

  private static long certificates() {
    return signet.count("SELECT count(*) FROM certificates");
  }

  private static String fixture(String name) {
    Path root = Path.of(System.getProperty("signet.repo.root", "..")).toAbsolutePath().normalize();
    try {
      return Files.readString(
          root.resolve("cert-service/src/test/resources/csr").resolve(name),
          StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tampered(String pem) {
    return tampered(pem, "CERTIFICATE REQUEST");
  }

  /** The PEM with one bit of its signature flipped. */
  private static String tampered(String pem, String label) {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    der[der.length - 5] ^= 0x01;
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }
}
