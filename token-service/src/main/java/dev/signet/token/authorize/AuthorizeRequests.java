package dev.signet.token.authorize;

import dev.signet.common.auth.Scopes;
import dev.signet.common.input.CleanText;
import dev.signet.token.client.CodeClients;
import dev.signet.token.client.CodeClients.CodeClient;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.session.PageException;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an authorization request (RFC 6749 section 4.1.1, RFC 7636, RFC 8252) in the order that
 * keeps it from becoming an open redirector: the client and its redirect URI first, refused with an
 * HTML page (RFC 6749 section 4.1.2.1: never redirect to an unchecked URI); only then every other
 * check, whose refusal goes back to the now trusted redirect URI.
 */
@ApplicationScoped
public class AuthorizeRequests {

  /** A parsed request: good, or an error to send to its (checked) redirect URI. */
  public sealed interface Parsed permits Valid, Refused {}

  public record Valid(AuthorizeRequest request) implements Parsed {}

  public record Refused(String redirectUri, String state, AuthorizeError error, String description)
      implements Parsed {}

  /** The sign-in hop carries the whole request in its return path (at most 4096 characters). */
  static final int MAX_QUERY = 3500;

  static final int MAX_CLIENT_ID = 128;
  static final int MAX_STATE = 512;
  static final int MAX_NONCE = 256;
  static final int MAX_SCOPE = 1024;
  static final int MAX_SCOPES = 32;
  static final int MAX_VALUE = 2048;

  private final CodeClients clients;
  private final Optional<Set<String>> supported;

  AuthorizeRequests(CodeClients clients, TokenConfig config) {
    this.clients = clients;
    this.supported = config.scopesSupported().map(Set::copyOf);
  }

  /**
   * Parses the request. {@code rawQuery} is the query as sent (checked for well-formed percent
   * encoding before anything is decoded); {@code params} its decoded parameters.
   */
  public Parsed parse(String rawQuery, MultiMap params) {
    if (!wellFormedEscapes(rawQuery)) {
      throw new PageException(400, "This sign-in link is malformed. Start again from the app.");
    }
    CodeClient client = client(params);
    String redirectUri = redirectUri(params, client);

    List<String> states = params.getAll("state");
    if (states.size() > 1) {
      return new Refused(redirectUri, null, AuthorizeError.INVALID_REQUEST, "state is repeated.");
    }
    String state = states.isEmpty() ? null : states.get(0);
    if (state != null && (state.length() > MAX_STATE || CleanText.hasControl(state))) {
      // Not echoed: a value we refuse is not one we put in a URL.
      return new Refused(
          redirectUri,
          null,
          AuthorizeError.INVALID_REQUEST,
          "state must be at most " + MAX_STATE + " characters without control characters.");
    }
    if (state != null && state.isEmpty()) {
      state = null;
    }
    if (rawQuery != null && rawQuery.length() > MAX_QUERY) {
      return refused(
          redirectUri, state, AuthorizeError.INVALID_REQUEST, "The request is too long.");
    }
    for (String name : params.names()) {
      List<String> values = params.getAll(name);
      if (values.size() > 1) {
        return refused(
            redirectUri,
            state,
            AuthorizeError.INVALID_REQUEST,
            "A parameter is repeated; each may be given once.");
      }
      String value = values.get(0);
      if (value.length() > MAX_VALUE || CleanText.hasControl(value) || CleanText.hasControl(name)) {
        return refused(
            redirectUri,
            state,
            AuthorizeError.INVALID_REQUEST,
            "A parameter holds control characters or is too long.");
      }
    }

    String responseType = params.get("response_type");
    if (responseType == null || responseType.isEmpty()) {
      return refused(
          redirectUri, state, AuthorizeError.INVALID_REQUEST, "response_type is missing.");
    }
    if (!"code".equals(responseType)) {
      return refused(
          redirectUri,
          state,
          AuthorizeError.UNSUPPORTED_RESPONSE_TYPE,
          "Only response_type=code is supported.");
    }
    String responseMode = params.get("response_mode");
    if (responseMode != null && !"query".equals(responseMode)) {
      return refused(
          redirectUri, state, AuthorizeError.INVALID_REQUEST, "Only response_mode=query is used.");
    }
    String method = params.get("code_challenge_method");
    String challenge = params.get("code_challenge");
    if (challenge == null || method == null) {
      return refused(
          redirectUri,
          state,
          AuthorizeError.INVALID_REQUEST,
          "PKCE is required: send code_challenge with code_challenge_method=S256.");
    }
    if (!Pkce.S256.equals(method)) {
      return refused(
          redirectUri,
          state,
          AuthorizeError.INVALID_REQUEST,
          "code_challenge_method must be S256; plain is refused.");
    }
    if (!Pkce.validChallenge(challenge)) {
      return refused(
          redirectUri,
          state,
          AuthorizeError.INVALID_REQUEST,
          "code_challenge must be 43 base64url characters (RFC 7636 S256).");
    }
    String nonce = params.get("nonce");
    if (nonce != null && (nonce.isEmpty() || nonce.length() > MAX_NONCE || !printable(nonce))) {
      return refused(
          redirectUri,
          state,
          AuthorizeError.INVALID_REQUEST,
          "nonce must be 1 to " + MAX_NONCE + " printable ASCII characters.");
    }
    String prompt = params.get("prompt");
    if (prompt != null
        && !AuthorizeRequest.PROMPT_NONE.equals(prompt)
        && !AuthorizeRequest.PROMPT_CONSENT.equals(prompt)) {
      return refused(
          redirectUri, state, AuthorizeError.INVALID_REQUEST, "prompt must be none or consent.");
    }
    String scope = params.get("scope");
    Set<String> scopes = new LinkedHashSet<>();
    if (scope != null) {
      Optional<String> problem = scopeProblem(scope, scopes);
      if (problem.isPresent()) {
        return refused(redirectUri, state, AuthorizeError.INVALID_SCOPE, problem.get());
      }
    }
    return new Valid(
        new AuthorizeRequest(
            client,
            redirectUri,
            state,
            Set.copyOf(scopes),
            !scopes.isEmpty(),
            challenge,
            nonce,
            prompt));
  }

  private CodeClient client(MultiMap params) {
    List<String> ids = params.getAll("client_id");
    if (ids.size() != 1) {
      throw new PageException(
          400, "This sign-in link names no application, or more than one. Start again from it.");
    }
    String id = ids.get(0);
    if (id.isEmpty() || id.length() > MAX_CLIENT_ID || !printable(id)) {
      throw new PageException(400, "This sign-in link names an unknown application.");
    }
    return clients
        .find(id)
        .orElseThrow(
            () -> new PageException(400, "This sign-in link names an unknown application."));
  }

  private static String redirectUri(MultiMap params, CodeClient client) {
    List<String> uris = params.getAll("redirect_uri");
    if (uris.size() != 1
        || !RedirectUris.allowed(uris.get(0), client.redirectUris(), client.loopbackRedirects())) {
      throw new PageException(
          400,
          "This sign-in link would send you to an address "
              + client.name()
              + " has not registered, so Signet will not follow it.");
    }
    return uris.get(0);
  }

  /** Why the scope parameter is refused, if it is; fills {@code into} otherwise. */
  private Optional<String> scopeProblem(String scope, Set<String> into) {
    if (scope.length() > MAX_SCOPE) {
      return Optional.of("scope is too long.");
    }
    for (String s : dev.signet.token.grant.Scopes.parse(scope)) {
      // RFC 6749 section 3.3: scope-token is %x21 / %x23-5B / %x5D-7E.
      if (!s.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != '"' && c != '\\')) {
        return Optional.of("scope holds characters a scope cannot have.");
      }
      if (Scopes.INTERNAL.equals(s)) {
        return Optional.of("Scope '" + s + "' is not for applications.");
      }
      if (!AuthorizationCodeGrant.OPENID.equals(s)
          && supported.isPresent()
          && !supported.get().contains(s)) {
        return Optional.of("Scope '" + s + "' is not offered here.");
      }
      into.add(s);
    }
    if (into.size() > MAX_SCOPES) {
      return Optional.of("Too many scopes.");
    }
    return Optional.empty();
  }

  private static Refused refused(
      String redirectUri, String state, AuthorizeError error, String description) {
    return new Refused(redirectUri, state, error, description);
  }

  /**
   * Whether every {@code %} starts two hex digits. Encoded control characters are allowed here:
   * they are refused per parameter, once the redirect URI is known, so the client hears why.
   */
  static boolean wellFormedEscapes(String raw) {
    if (raw == null) {
      return true;
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
      if (c == '%'
          && (i + 2 >= raw.length()
              || Character.digit(raw.charAt(i + 1), 16) < 0
              || Character.digit(raw.charAt(i + 2), 16) < 0)) {
        return false;
      }
    }
    return true;
  }

  static boolean printable(String s) {
    return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }
}
