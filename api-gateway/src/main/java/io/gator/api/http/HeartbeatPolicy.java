package io.gator.api.http;

import com.typesafe.config.Config;
import io.gator.core.module.netstat.Cidr;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Who may POST an unauthenticated MIG heartbeat ({@code gator.api.heartbeat}): anyone ({@code open}, as
 * stock MIG agents need), callers from the listed networks ({@code trusted-networks}), or nobody
 * ({@code off}, Gator agents heartbeat over the authenticated AMQP relay); and how far an agent's
 * start or refresh time may lie ahead of the server clock.
 */
public record HeartbeatPolicy(Mode mode, List<Cidr> trustedNetworks, Duration maxClockSkew, long maxBytes) {
    public enum Mode { OPEN, TRUSTED_NETWORKS, OFF }

    public HeartbeatPolicy {
        trustedNetworks = List.copyOf(trustedNetworks);
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("gator.api.heartbeat.max-clock-skew must not be negative");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("gator.api.heartbeat.max-bytes must be positive, got " + maxBytes);
        }
        if (mode == Mode.TRUSTED_NETWORKS && trustedNetworks.isEmpty()) {
            throw new IllegalArgumentException(
                    "gator.api.heartbeat.http = trusted-networks needs gator.api.heartbeat.trusted-networks");
        }
    }

    public static HeartbeatPolicy fromConfig(Config c) {
        String m = c.getString("http").trim().toLowerCase();
        Mode mode = switch (m) {
            case "open" -> Mode.OPEN;
            case "trusted-networks" -> Mode.TRUSTED_NETWORKS;
            case "off" -> Mode.OFF;
            default -> throw new IllegalArgumentException(
                    "gator.api.heartbeat.http must be open, trusted-networks or off, got \"" + m + "\"");
        };
        List<Cidr> nets = c.getStringList("trusted-networks").stream().map(s -> {
            try {
                return Cidr.parse(s.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("gator.api.heartbeat.trusted-networks: not a CIDR: \"" + s + "\"");
            }
        }).toList();
        return new HeartbeatPolicy(mode, nets, c.getDuration("max-clock-skew"), c.getBytes("max-bytes"));
    }

    /** Empty when a heartbeat from {@code clientIp} may be recorded, else why not. */
    public Optional<String> refusal(String clientIp) {
        return switch (mode) {
            case OPEN -> Optional.empty();
            case OFF -> Optional.of("HTTP heartbeats are disabled on this server (gator.api.heartbeat.http = off)");
            case TRUSTED_NETWORKS -> {
                byte[] a = Cidr.literal(clientIp);
                yield a != null && trustedNetworks.stream().anyMatch(n -> n.contains(a)) ? Optional.empty()
                        : Optional.of("HTTP heartbeats are accepted from trusted networks only "
                                + "(gator.api.heartbeat.trusted-networks)");
            }
        };
    }
}
