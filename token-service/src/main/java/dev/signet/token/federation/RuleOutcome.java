package dev.signet.token.federation;

/** What matching a token against one rule gave; every caller handles both cases. */
public sealed interface RuleOutcome {

  /** The rule's name. */
  String rule();

  /** Every condition held. */
  record Matched(String rule) implements RuleOutcome {}

  /**
   * The first condition that failed: {@code check} names it ({@code sub}, {@code claim:ref}, {@code
   * event_name}, {@code default_service_account}), {@code reason} says why without the token's
   * values.
   */
  record Mismatch(String rule, String check, String reason) implements RuleOutcome {}
}
