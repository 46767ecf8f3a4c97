/**
 * The internal contract between token-service (the caller) and delegation-service (the answerer):
 * request and response records of {@code POST /internal/v1/decisions} (single and batch) and {@code
 * POST /internal/v1/delegations/check}. JSON field names are snake_case as on every Signet wire;
 * claim names stay in {@link dev.signet.common.tokens.SignetClaims}.
 */
package dev.signet.common.delegation;
