package io.gator.api.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.action.Action;
import io.gator.core.json.MigJson;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A pending action as the JSON document a store keeps (the action in MIG's own JSON). */
final class PendingJson {
    private PendingJson() {}

    static String write(PendingAction p) {
        ObjectNode o = MigJson.mapper().createObjectNode();
        o.put("id", p.id());
        o.set("action", MigJson.mapper().valueToTree(p.action()));
        o.put("postedbyid", p.postedById()).put("postedby", p.postedBy());
        ArrayNode signers = o.putArray("signers");
        for (CoSigner s : p.signers()) {
            signers.addObject().put("id", s.investigatorId()).put("name", s.name())
                    .put("fingerprint", s.fingerprint()).put("signedat", s.signedAt().toString());
        }
        o.put("createdat", p.createdAt().toString()).put("expiresat", p.expiresAt().toString());
        o.put("status", p.status().label()).put("closedby", p.closedBy()).put("version", p.version());
        return MigJson.write(o);
    }

    static PendingAction read(String json) {
        JsonNode o = MigJson.tree(json);
        Action action;
        try {
            action = MigJson.mapper().treeToValue(o.get("action"), Action.class);
        } catch (Exception e) {
            throw new IllegalStateException("stored pending action is unreadable: " + e.getMessage(), e);
        }
        List<CoSigner> signers = new ArrayList<>();
        for (JsonNode s : o.path("signers")) {
            signers.add(new CoSigner(s.path("id").asLong(), s.path("name").asText(), s.path("fingerprint").asText(),
                    OffsetDateTime.parse(s.path("signedat").asText())));
        }
        return new PendingAction(o.path("id").asLong(), action, o.path("postedbyid").asLong(),
                o.path("postedby").asText(), signers, OffsetDateTime.parse(o.path("createdat").asText()),
                OffsetDateTime.parse(o.path("expiresat").asText()), PendingStatus.ofLabel(o.path("status").asText()),
                o.path("closedby").asText(), o.path("version").asLong());
    }
}
