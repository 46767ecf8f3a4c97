package dev.signet.admin.persistence;

import dev.signet.common.error.ProblemException;

/**
 * Two admins racing on one row, or on one unique value: the loser gets 409 with a message that says
 * what to do, instead of a 500 from the optimistic lock or the unique index.
 */
public final class Conflicts {

  private Conflicts() {}

  /**
   * The 409 that {@code failure} stands for, or {@code failure} itself when it is no conflict.
   *
   * @param changedMeanwhile detail when the row's version moved under the caller
   * @param taken detail when a unique value is already taken
   */
  public static Throwable translate(Throwable failure, String changedMeanwhile, String taken) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof jakarta.persistence.OptimisticLockException
          || t instanceof org.hibernate.StaleStateException) {
        return ProblemException.conflict(changedMeanwhile);
      }
      if (t instanceof org.hibernate.exception.ConstraintViolationException) {
        return ProblemException.conflict(taken);
      }
    }
    return failure;
  }
}
