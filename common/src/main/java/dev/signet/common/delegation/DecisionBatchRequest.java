package dev.signet.common.delegation;

import java.util.List;

/** Many decisions answered in one call, in order. */
public record DecisionBatchRequest(List<DecisionRequest> requests) {}
