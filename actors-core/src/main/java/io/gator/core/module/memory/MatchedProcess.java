package io.gator.core.module.memory;

/** A process that matched a search (name is the executable path); empty name and pid 0 mean no match. */
public record MatchedProcess(String name, long pid, MemorySearch search) {
    public MatchedProcess {
        name = name == null ? "" : name;
    }
}
