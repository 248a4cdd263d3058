package io.gator.core.module.ping;

/**
 * The ping module's parameters as sent; {@link #withDefaults()} applies MIG's defaults
 * (count 3, timeout 5 seconds).
 *
 * @param timeout per-probe timeout in seconds
 */
public record PingParameters(String destination, long destinationPort, String protocol, long count, double timeout) {
    public PingParameters {
        destination = destination == null ? "" : destination;
        protocol = protocol == null ? "" : protocol;
    }

    public PingParameters withDefaults() {
        return new PingParameters(destination, destinationPort, protocol, count == 0 ? 3 : count,
                timeout == 0 ? 5 : timeout);
    }
}
