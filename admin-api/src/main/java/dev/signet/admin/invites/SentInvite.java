package dev.signet.admin.invites;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answer of {@code POST /v1/invites}: the invite and the mail that carries its link. The link's
 * token is only in the mail.
 */
@Schema(name = "SentInvite")
public record SentInvite(
    InviteView invite,
    @Schema(example = "010001...") @JsonProperty("mail_message_id") String mailMessageId) {}
