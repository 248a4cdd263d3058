package io.gator.agent.verify;

import com.fasterxml.jackson.databind.JsonNode;

/** What the agent knows about modules before running anything: which exist, and whether parameters are valid. */
public interface ModuleCatalog {
    /** Whether this agent has the module. */
    boolean has(String module);

    /** Throws with a message naming the bad field when the (decompressed) parameters are invalid. */
    void validate(String module, JsonNode parameters) throws Exception;
}
