package io.gator.api.cosign;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.gator.core.acl.Acl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code gator.api.cosign}: the agents' ACL as the server mirrors it (empty = co-signing off) and how long
 * a pending action waits for its co-signers at most.
 */
public record CosignSettings(Acl acl, Duration window) {
    /** Co-signing off: every action is created as MIG creates it. */
    public static final CosignSettings OFF = new CosignSettings(new Acl(java.util.Map.of()), Duration.ofHours(24));

    public CosignSettings {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("gator.api.cosign.window must be positive, got " + window);
        }
    }

    /** Whether any weight is enforced; an empty ACL leaves MIG's behaviour unchanged. */
    public boolean enabled() {
        return !acl.entries().isEmpty();
    }

    /**
     * Reads {@code gator.api.cosign} under {@code root}: {@code acl} as an object (the agent's acl.json shape) or
     * as a JSON string, else {@code acl-file} naming the agents' acl.json; both set is refused.
     */
    public static CosignSettings fromConfig(Config root) {
        Config c = root.getConfig("gator.api.cosign");
        String inline = switch (c.getValue("acl").valueType()) {
            case OBJECT -> c.getValue("acl").render(ConfigRenderOptions.concise());
            case STRING -> c.getString("acl");
            default -> throw new IllegalArgumentException(
                    "gator.api.cosign.acl must be an object (the agents' acl.json) or a JSON string");
        };
        boolean inlineEmpty = inline.isBlank() || inline.strip().equals("{}");
        String file = c.getString("acl-file");
        if (!inlineEmpty && !file.isBlank()) {
            throw new IllegalArgumentException("gator.api.cosign: set acl or acl-file, not both");
        }
        String json = inline;
        if (!file.isBlank()) {
            try {
                json = Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("gator.api.cosign.acl-file: cannot read " + file + ": " + e, e);
            }
        }
        Acl acl;
        try {
            acl = json.isBlank() ? new Acl(java.util.Map.of()) : Acl.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gator.api.cosign: " + e.getMessage(), e);
        }
        return new CosignSettings(acl, c.getDuration("window"));
    }
}
