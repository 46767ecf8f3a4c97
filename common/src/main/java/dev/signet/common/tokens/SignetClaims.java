package dev.signet.common.tokens;

/**
 * Names of the claims Signet's access tokens carry beyond the registered ones, one definition for
 * the service that issues them (token-service) and the services that read them (cert-service
 * decides a certificate's subject and TTL from them, delegation-service its decisions). Changing a
 * value here changes the public token format.
 */
public final class SignetClaims {

  private SignetClaims() {}

  /** The OAuth client the token was issued to (RFC 9068). */
  public static final String CLIENT_ID = "client_id";

  /** Space-separated granted scopes (RFC 9068). */
  public static final String SCOPE = "scope";

  /**
   * What kind of principal {@code sub} names: one of the {@code PRINCIPAL_*} values. Absent on
   * tokens issued before the claim existed; readers take absence as {@link
   * #PRINCIPAL_SERVICE_ACCOUNT}, what client_credentials tokens always were.
   */
  public static final String PRINCIPAL_TYPE = "principal_type";

  /** A service account authenticated with its own credential (client_credentials). */
  public static final String PRINCIPAL_SERVICE_ACCOUNT = "service_account";

  /** A person (passkey session, key login, device flow). */
  public static final String PRINCIPAL_USER = "user";

  /**
   * A CI job whose platform token (GitHub Actions OIDC) was exchanged through a federation trust.
   */
  public static final String PRINCIPAL_CI_JOB = "ci_job";

  /** A workload whose platform token (Kubernetes service-account token) was exchanged. */
  public static final String PRINCIPAL_WORKLOAD = "workload";

  /**
   * Federation provenance of an exchanged token: a JSON object {@code {"trust": "<trust id>",
   * "rule": "<rule name>", "iss": "<external issuer>"}}.
   */
  public static final String FEDERATION = "fed";

  /**
   * Provenance of a federated token: a JSON object of the external token's facts. GitHub Actions:
   * {@code repository, repository_id, repository_owner, repository_owner_id, run_id, run_attempt,
   * workflow_ref, job_workflow_ref, sha, ref, ref_type, environment, event_name, actor}.
   * Kubernetes: {@code namespace, service_account, service_account_uid, pod, pod_uid}. Only the
   * keys the external token had are present.
   */
  public static final String PROVENANCE = "prov";

  /** RFC 8693 §4.1 actor claim: the current actor, with any prior actor nested inside it. */
  public static final String ACT = "act";

  /** RFC 8693 §4.4: who may act for the subject, {@code {"sub": ..., "iss": ...}}. */
  public static final String MAY_ACT = "may_act";

  /** The delegation grant (id) a delegated token was issued under. */
  public static final String DELEGATION_GRANT = "grant_id";

  /** Task lineage of a delegated token: the task this token serves and the one that started it. */
  public static final String TASK_ID = "task_id";

  public static final String PARENT_TASK_ID = "parent_task_id";
}
