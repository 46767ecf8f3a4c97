package dev.signet.cert.issue;

import dev.signet.cert.csr.CsrRejected;
import dev.signet.common.error.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Counts failed issuances in {@code cert_issue_errors_total{reason}}: the CSR rule's slug for a
 * refused CSR, the problem slug for other refusals (quota-exceeded, forbidden, ...), {@code
 * internal} for anything else. Reasons come from a closed set, so the label cannot explode.
 */
@ApplicationScoped
public class IssueErrors {

  private final MeterRegistry registry;

  public IssueErrors(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Runs an issuance, counting its failure (thrown at once or in the Uni) by reason. */
  public <T> Uni<T> counted(Supplier<Uni<? extends T>> issuance) {
    return Uni.createFrom().deferred(issuance).onFailure().invoke(this::count);
  }

  void count(Throwable failure) {
    registry.counter("cert_issue_errors_total", "reason", reason(failure)).increment();
  }

  static String reason(Throwable failure) {
    if (failure instanceof CsrRejected rejected) {
      return "csr-" + rejected.rule().slug();
    }
    if (failure instanceof ProblemException problem) {
      String type = problem.problem().type();
      return type.substring(type.lastIndexOf('/') + 1);
    }
    return "internal";
  }
}
