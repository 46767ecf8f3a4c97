package dev.signet.common.delegation;

/** The internal paths of delegation-service that other services call. */
public final class DelegationPaths {
  /** One decision ({@link DecisionRequest} in, {@link DecisionResponse} out). */
  public static final String DECISIONS = "/internal/v1/decisions";

  /**
   * Many decisions in one call ({@link DecisionBatchRequest} in, {@link DecisionBatchResponse}
   * out).
   */
  public static final String DECISIONS_BATCH = "/internal/v1/decisions/batch";

  /**
   * Whether one delegation hop may happen ({@link DelegationCheckRequest} in, {@link
   * DelegationCheckResponse} out).
   */
  public static final String DELEGATION_CHECK = "/internal/v1/delegations/check";

  /**
   * Revoked grants in revocation order ({@link RevokedGrants} out; query {@code since}, {@code
   * after}, {@code limit}).
   */
  public static final String REVOKED_GRANTS = "/internal/v1/delegations/revoked";

  /** Most revoked grants one page of {@link #REVOKED_GRANTS} answers. */
  public static final int REVOKED_GRANTS_PAGE_MAX = 1_000;

  /** Default maximum delegation depth of a grant. */
  public static final int DEFAULT_MAX_DEPTH = 3;

  /** Hard cap on a grant's maximum delegation depth. */
  public static final int MAX_DEPTH_CAP = 5;

  private DelegationPaths() {}
}
