package io.gator.core.module.memory;

import java.util.List;

/** Memory module statistics. */
public record MemoryStatistics(long processCount, long memoryRead, long totalHits, List<String> failures,
        String execTime) {
    public MemoryStatistics {
        failures = failures == null ? List.of() : List.copyOf(failures);
        execTime = execTime == null ? "" : execTime;
    }
}
