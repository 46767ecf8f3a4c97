package dev.signet.common.delegation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract records spell their JSON fields in snake_case and read back what they wrote. */
class DelegationContractJsonTest {

  private final ObjectMapper json =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Test
  void decisionFieldsAreSnakeCaseAndRoundTrip() throws Exception {
    DecisionRequest request =
        new DecisionRequest(
            "alice", Map.of("team", "core"), "token:issue", "urn:x", Map.of(), Map.of("n", 1));
    assertEquals(
        new TreeSet<>(
            List.of(
                "subject",
                "subject_attributes",
                "action",
                "resource",
                "resource_attributes",
                "context")),
        fields(request));
    assertEquals(request, json.readValue(json.writeValueAsString(request), DecisionRequest.class));
    DecisionResponse response = new DecisionResponse(true, List.of(UUID.randomUUID()), "allowed");
    assertEquals(new TreeSet<>(List.of("allowed", "policy_ids", "reason")), fields(response));
    assertEquals(
        response, json.readValue(json.writeValueAsString(response), DecisionResponse.class));
    DecisionBatchRequest batch = new DecisionBatchRequest(List.of(request));
    assertEquals(batch, json.readValue(json.writeValueAsString(batch), DecisionBatchRequest.class));
  }

  @Test
  void delegationCheckFieldsAreSnakeCaseAndRoundTrip() throws Exception {
    DelegationCheckRequest request =
        new DelegationCheckRequest(
            UUID.randomUUID(), "alice", "agent-1", List.of("a"), List.of("urn:x"), 1, List.of("b"));
    assertEquals(
        new TreeSet<>(
            List.of(
                "grant_id",
                "principal",
                "actor",
                "requested_scopes",
                "requested_audiences",
                "current_depth",
                "actor_chain")),
        fields(request));
    assertEquals(
        request, json.readValue(json.writeValueAsString(request), DelegationCheckRequest.class));
    DelegationCheckResponse response =
        new DelegationCheckResponse(
            true, UUID.randomUUID(), List.of("a"), List.of("urn:x"), Instant.EPOCH, 2, 3, "ok");
    assertEquals(
        new TreeSet<>(
            List.of(
                "allowed",
                "grant_id",
                "scopes",
                "audiences",
                "max_expires_at",
                "depth",
                "max_depth",
                "reason")),
        fields(response));
    assertEquals(
        response, json.readValue(json.writeValueAsString(response), DelegationCheckResponse.class));
  }

  private TreeSet<String> fields(Object value) throws Exception {
    TreeSet<String> names = new TreeSet<>();
    json.readTree(json.writeValueAsString(value)).fieldNames().forEachRemaining(names::add);
    return names;
  }
}
