package dev.signet.admin.paging;

import java.util.Optional;

/** Query parameters of the list endpoints: absent, empty and blank all mean "no filter". */
public final class QueryParams {

  private QueryParams() {}

  /** The trimmed value, or empty when the parameter is absent or blank. */
  public static Optional<String> present(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
