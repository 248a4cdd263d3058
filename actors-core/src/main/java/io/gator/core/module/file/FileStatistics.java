package io.gator.core.module.file;

/** The file module's statistics; {@code exectime} is a Go duration string. */
public record FileStatistics(long filesCount, long openFailed, long totalHits, String execTime) {
    public FileStatistics {
        execTime = execTime == null ? "" : execTime;
    }
}
