package dev.signet.token.oauth;

import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The body of an OAuth request, parsed here rather than by the framework: it must be {@code
 * application/x-www-form-urlencoded} (RFC 6749 section 3.2), every percent-escape well formed and
 * UTF-8, and every value bounded and free of control characters before anything binds it to SQL.
 * Each refusal is the client's mistake: {@code invalid_request}, never a 500.
 */
public final class FormBody {

  public static final String MEDIA_TYPE = "application/x-www-form-urlencoded";

  /** Longest value of any parameter not listed in {@link #LIMITS}: tokens, assertions, scopes. */
  static final int DEFAULT_MAX = 8192;

  /** More parameters than any OAuth request needs. */
  static final int MAX_PARAMETERS = 64;

  /** Identifiers are at most what admin-api stores (255); a secret is at most 1 KiB. */
  private static final Map<String, Integer> LIMITS =
      Map.of(
          "client_id", 255,
          "grant_type", 255,
          "client_assertion_type", 255,
          "token_type_hint", 255,
          "client_secret", 1024);

  private FormBody() {}

  /** Parses the body; {@link OAuthException} invalid_request when it is not a clean form. */
  public static MultivaluedMap<String, String> parse(String contentType, byte[] body) {
    boolean empty = body == null || body.length == 0;
    if (!isForm(contentType)) {
      if (empty && (contentType == null || contentType.isBlank())) {
        return new MultivaluedHashMap<>();
      }
      throw OAuthException.invalidRequest(
          "The request body must be application/x-www-form-urlencoded (RFC 6749 section 3.2).");
    }
    MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
    if (empty) {
      return form;
    }
    int count = 0;
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i < body.length && body[i] != '&') {
        continue;
      }
      if (i > start) {
        if (++count > MAX_PARAMETERS) {
          throw OAuthException.invalidRequest("The request has too many parameters.");
        }
        int eq = indexOf(body, (byte) '=', start, i);
        String name = decode(body, start, eq < 0 ? i : eq, "parameter name");
        String value;
        try {
          CleanText.require("parameter name", name, 255);
          value = eq < 0 ? "" : decode(body, eq + 1, i, name);
          CleanText.require(name, value, LIMITS.getOrDefault(name, DEFAULT_MAX));
        } catch (InvalidInputException e) {
          throw invalid(e);
        }
        form.add(name, value);
      }
      start = i + 1;
    }
    return form;
  }

  /** The OAuth form of a refused value: names the parameter, never repeats the value. */
  public static OAuthException invalid(InvalidInputException e) {
    return OAuthException.invalidRequest("Parameter '" + e.field() + "' " + e.problem() + ".");
  }

  static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return MEDIA_TYPE.equals(type.trim().toLowerCase(Locale.ROOT));
  }

  private static int indexOf(byte[] body, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (body[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** application/x-www-form-urlencoded decoding that refuses instead of guessing. */
  private static String decode(byte[] body, int from, int to, String field) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%') {
        int hi = i + 1 < to ? Character.digit(body[i + 1], 16) : -1;
        int lo = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
        if (hi < 0 || lo < 0) {
          throw OAuthException.invalidRequest(
              "Parameter '" + safeName(field) + "' has broken percent-encoding.");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(b);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw OAuthException.invalidRequest("Parameter '" + safeName(field) + "' is not UTF-8.");
    }
  }

  private static String safeName(String field) {
    return CleanText.forRecord(field, 64);
  }
}
