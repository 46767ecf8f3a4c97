package dev.signet.cert.csr;

import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;

/**
 * A CSR that breaks one rule; answered as 400 problem+json whose type names the rule ({@code
 * csr-<rule>}), so callers can tell a weak key from a bad signature without parsing prose.
 */
public final class CsrRejected extends ProblemException {

  private final CsrRule rule;

  public CsrRejected(CsrRule rule, String detail) {
    super(Problem.of(rule.status(), "csr-" + rule.slug(), "CSR refused: " + rule.slug(), detail));
    this.rule = rule;
  }

  public CsrRule rule() {
    return rule;
  }
}
