package dev.signet.token.federation;

/**
 * The platform a federation trust accepts tokens from; the values of {@code federation_trust.kind}.
 */
public enum TrustKind {
  /** GitHub Actions OIDC tokens ({@code token.actions.githubusercontent.com} or GHES). */
  GITHUB_ACTIONS,
  /** Projected Kubernetes service-account tokens of one cluster (EKS, GKE, AKS or any other). */
  KUBERNETES,
  /** Any other OIDC issuer: only the rule's own conditions apply. */
  OIDC
}
