package dev.signet.common.delegation;

import java.util.List;

/** The answers to a {@link DecisionBatchRequest}, one per request, in the same order. */
public record DecisionBatchResponse(List<DecisionResponse> decisions) {}
