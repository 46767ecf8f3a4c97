package dev.signet.common.delegation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One question to the policy engine: may {@code subject} do {@code action} on {@code resource}?
 *
 * @param subject the subject id (for a token, its {@code sub})
 * @param subjectAttributes attributes of the subject the conditions may read
 * @param action the action, e.g. {@code token:issue} or {@code tool:invoke}
 * @param resource the resource id, e.g. an audience URN or a tool name
 * @param resourceAttributes attributes of the resource the conditions may read
 * @param context request context (time, client, scopes) the conditions may read
 */
public record DecisionRequest(
    String subject,
    @JsonProperty("subject_attributes") Map<String, Object> subjectAttributes,
    String action,
    String resource,
    @JsonProperty("resource_attributes") Map<String, Object> resourceAttributes,
    Map<String, Object> context) {}
