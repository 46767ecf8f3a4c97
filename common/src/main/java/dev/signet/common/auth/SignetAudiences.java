package dev.signet.common.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audiences of Signet's own services: {@code urn:signet:<service>}. Every service accepts only
 * bearer tokens that name its own audience (RFC 9068 section 4), so a token minted for a resource
 * server elsewhere never opens a Signet API.
 */
public final class SignetAudiences {

  public static final String PREFIX = "urn:signet:";

  /** The services, as {@code signet.service.name} names them. */
  public static final List<String> SERVICES =
      List.of("token", "keyring", "delegation", "cert", "admin");

  private SignetAudiences() {}

  /** The audience of one service. */
  public static String of(String service) {
    return PREFIX + service;
  }

  /** Every Signet audience. */
  public static List<String> all() {
    return SERVICES.stream().map(SignetAudiences::of).toList();
  }

  /** Service name to audience, as discovery lists them. */
  public static Map<String, String> byService() {
    Map<String, String> map = new LinkedHashMap<>();
    SERVICES.forEach(s -> map.put(s, of(s)));
    return map;
  }

  /** Whether the audience is one of Signet's own services. */
  public static boolean isSignet(String audience) {
    return audience != null && all().contains(audience);
  }
}
