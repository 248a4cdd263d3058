package io.gator.core.module.ping;

import java.util.List;

/**
 * Ping results. Latencies are milliseconds, with MIG's codes: {@link #TIMEOUT} (timed out, or no answer for udp),
 * {@link #UNREACHABLE} (refused/unreachable) and {@link #ERROR} (other failure, described in failures).
 */
public record PingElements(List<Double> latencies, String protocol, String resolvedHost, List<String> failures) {
    public static final double TIMEOUT = 9999999;
    public static final double UNREACHABLE = -1;
    public static final double ERROR = 0;

    public PingElements {
        latencies = latencies == null ? List.of() : List.copyOf(latencies);
        protocol = protocol == null ? "" : protocol;
        resolvedHost = resolvedHost == null ? "" : resolvedHost;
        failures = failures == null ? List.of() : List.copyOf(failures);
    }
}
