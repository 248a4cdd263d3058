package io.gator.api.cosign;

/** One module of an action: the ACL entry agents use for it, the weight its signers reach and the weight it needs. */
public record ModuleWeight(String module, String entry, int collected, int needed) {
    /** Whether agents would run this module with these signatures. */
    public boolean sufficient() {
        return collected >= needed;
    }
}
