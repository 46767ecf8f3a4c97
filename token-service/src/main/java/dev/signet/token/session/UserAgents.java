package dev.signet.token.session;

/** A User-Agent header as kept beside a session: printable ASCII only, at most 200 characters. */
final class UserAgents {

  static final int MAX = 200;

  private UserAgents() {}

  static String clean(String header) {
    if (header == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(header.length(), MAX));
    for (int i = 0; i < header.length() && out.length() < MAX; i++) {
      char c = header.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
