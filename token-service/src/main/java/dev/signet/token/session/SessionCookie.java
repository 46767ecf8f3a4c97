package dev.signet.token.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The session cookie's name and attributes. Over https it is {@code __Host-signet_session} (Secure,
 * Path=/, no Domain: the browser then refuses it from any other origin or path); on a loopback http
 * issuer a browser would drop a Secure or {@code __Host-} cookie, so it is {@code signet_session}
 * without Secure. Always HttpOnly and SameSite=Strict.
 */
@ApplicationScoped
public class SessionCookie {

  static final String SECURE_NAME = "__Host-signet_session";
  static final String LOOPBACK_NAME = "signet_session";

  private final boolean secure;

  SessionCookie(
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuer) {
    this.secure = !loopbackHttp(issuer);
  }

  static boolean loopbackHttp(String issuer) {
    URI uri = URI.create(issuer);
    String host = uri.getHost() == null ? "" : uri.getHost();
    return "http".equalsIgnoreCase(uri.getScheme())
        && (host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("[::1]"));
  }

  public String name() {
    return secure ? SECURE_NAME : LOOPBACK_NAME;
  }

  /** The cookie for a new session, kept by the browser no longer than the session's lifetime. */
  String set(String value, Duration maxAge) {
    return name() + "=" + value + "; Max-Age=" + maxAge.toSeconds() + attributes();
  }

  /** Tells the browser to forget the cookie (sign-out). */
  public String clear() {
    return name() + "=; Max-Age=0" + attributes();
  }

  private String attributes() {
    return "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }
}
