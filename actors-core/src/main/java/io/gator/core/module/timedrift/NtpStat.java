package io.gator.core.module.timedrift;

/** One NTP server's answer: host, its time (RFC3339Nano), latency and drift (Go durations), reachable. */
public record NtpStat(String host, String time, String latency, String drift, boolean reachable) {
    public NtpStat {
        host = host == null ? "" : host;
        time = time == null ? "0001-01-01T00:00:00Z" : time;
        latency = latency == null ? "" : latency;
        drift = drift == null ? "" : drift;
    }
}
