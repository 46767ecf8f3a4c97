package dev.signet.admin.console;

import dev.signet.common.error.Problem;

/** A problem+json answer from keyring-service or token-service, shown on the page that called. */
public final class ServiceProblem extends RuntimeException {

  private final transient Problem problem;

  ServiceProblem(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
