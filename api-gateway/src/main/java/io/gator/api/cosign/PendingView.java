package io.gator.api.cosign;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.json.MigJson;

/**
 * A pending action as the API shows it: the exact action and canonical string to review, who posted and who
 * signed it, the weight per module collected and needed, what is missing, its window and status.
 */
public final class PendingView {
    private PendingView() {}

    /** Everything, to review one action. */
    public static ObjectNode of(PendingAction p, Weighing w) {
        ObjectNode o = summary(p, w);
        o.set("action", MigJson.mapper().valueToTree(p.action()));
        o.put("canonical", p.canonical());
        return o;
    }

    /** For listings: without the action and its canonical string, which can be large (see {@link #of}). */
    public static ObjectNode summary(PendingAction p, Weighing w) {
        ObjectNode o = MigJson.mapper().createObjectNode();
        o.put("id", p.id());
        o.put("status", p.status().label());
        o.put("name", p.action().name());
        o.put("target", p.action().target());
        o.put("postedbyid", p.postedById()).put("postedby", p.postedBy());
        ArrayNode signers = o.putArray("signers");
        for (CoSigner s : p.signers()) {
            signers.addObject().put("id", s.investigatorId()).put("name", s.name())
                    .put("fingerprint", s.fingerprint()).put("signedat", s.signedAt().toString());
        }
        ArrayNode weights = o.putArray("weights");
        for (ModuleWeight m : w.modules()) {
            weights.addObject().put("module", m.module()).put("entry", m.entry())
                    .put("collected", m.collected()).put("needed", m.needed());
        }
        o.put("missing", w.missing());
        o.put("createdat", p.createdAt().toString()).put("expiresat", p.expiresAt().toString());
        if (!p.closedBy().isEmpty()) {
            o.put("closedby", p.closedBy());
        }
        return o;
    }
}
