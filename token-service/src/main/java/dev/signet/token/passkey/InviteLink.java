package dev.signet.token.passkey;

import dev.signet.token.session.PageException;
import java.util.UUID;

/**
 * The two parts of an invite link, checked before anything is asked of admin-api: the invite's id
 * (a UUID) and its token (base64url, at most {@value #MAX_TOKEN} characters, as admin-api bounds
 * it).
 */
public record InviteLink(UUID invite, String token) {

  static final int MAX_TOKEN = 128;

  private static final String BROKEN =
      "This invite link is incomplete or was changed. Open it again from your invitation mail.";

  /** The link's parts, or a 400 page saying the link is broken. */
  public static InviteLink parse(String invite, String token) {
    if (invite == null || invite.length() != 36 || token == null || token.isEmpty()) {
      throw new PageException(400, BROKEN);
    }
    if (token.length() > MAX_TOKEN || !base64url(token)) {
      throw new PageException(400, BROKEN);
    }
    UUID id;
    try {
      id = UUID.fromString(invite);
    } catch (IllegalArgumentException e) {
      throw new PageException(400, BROKEN);
    }
    if (!id.toString().equals(invite.toLowerCase(java.util.Locale.ROOT))) {
      throw new PageException(400, BROKEN);
    }
    return new InviteLink(id, token);
  }

  private static boolean base64url(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
