package dev.signet.token.decision;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Which tokens token-service asks delegation-service's policy engine about before it signs them
 * (SIGNET_DECISIONS_...). The engine's URL and internal token are the delegation check's ({@code
 * quarkus.rest-client.signet-delegation.*}).
 */
@ConfigMapping(prefix = "signet.decisions")
public interface DecisionsConfig {

  /**
   * Policy-governed scopes: a token carrying one is signed only if a policy allows it (default
   * deny). An entry names a scope exactly, or a prefix when it ends in {@code *} ({@code repo:*}).
   * None by default: without policies for them, asking would refuse every token.
   */
  Optional<List<String>> governedScopes();

  /**
   * The action asked for every delegated token (one with {@code act}), per audience. The grant is
   * the allow; only a policy that explicitly denies this action refuses the token.
   */
  @WithDefault("token:delegate")
  String delegatedAction();
}
