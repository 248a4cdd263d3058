package io.gator.core.module.netstat;

/** Netstat statistics ({@code totalhits} stays 0 as in MIG, which never increments it). */
public record NetstatStatistics(long examined, String execTime, long totalHits) {
    public NetstatStatistics {
        execTime = execTime == null ? "" : execTime;
    }
}
