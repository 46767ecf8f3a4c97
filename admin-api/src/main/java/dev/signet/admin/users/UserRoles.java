package dev.signet.admin.users;

import dev.signet.common.input.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Role names: short lower-case identifiers, at most {@value #MAX_ROLES} per person, no repeats. */
public final class UserRoles {

  public static final int MAX_ROLES = 20;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  private UserRoles() {}

  /** The roles to store (duplicates dropped, order kept), or a 400 naming the bad element. */
  public static List<String> require(List<String> roles) {
    if (roles == null) {
      return List.of();
    }
    if (roles.size() > MAX_ROLES) {
      throw new InvalidInputException("roles", "must hold at most " + MAX_ROLES + " roles");
    }
    LinkedHashSet<String> kept = new LinkedHashSet<>();
    for (int i = 0; i < roles.size(); i++) {
      String role = roles.get(i);
      if (role == null || !NAME.matcher(role).matches()) {
        throw new InvalidInputException(
            "roles[" + i + "]",
            "must be a lower-case name of 1 to 63 letters, digits, _ or -, starting with a letter");
      }
      kept.add(role);
    }
    return new ArrayList<>(kept);
  }
}
