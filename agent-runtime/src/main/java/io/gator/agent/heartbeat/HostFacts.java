package io.gator.agent.heartbeat;

import io.gator.core.agent.AgentEnv;
import io.gator.core.agent.AwsEnv;
import io.gator.core.module.GoFormat;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The host facts an agent reports in its heartbeat (MIG's AgentEnv), read through the JDK and, off Linux or
 * without /etc/os-release, OSHI: OS family, distribution ident, init system, architecture, interface addresses
 * with prefix length. On Linux the ident comes from /etc/os-release exactly as OSHI reads it, so the agent
 * loads neither OSHI nor JNA (about 200 classes and a native library) just to heartbeat.
 * The public IP stays empty unless configured: the agent never calls out to discover it.
 */
public final class HostFacts {
    private HostFacts() {}

    /** Reads the facts once; cheap enough to call per heartbeat. */
    public static AgentEnv read(List<String> modules, String publicIp, boolean isProxied, String proxy) {
        String family = osFamily();
        String ident = (family.equals("linux") ? osRelease(Path.of("/etc/os-release")) : Optional.<String>empty())
                .orElseGet(HostFacts::oshiIdent);
        return new AgentEnv(initSystem(), ident, family, arch(), isProxied, proxy, addresses(), publicIp,
                AwsEnv.EMPTY, modules);
    }

    /** "family version codename" as OSHI builds it; OSHI's classes load only when this runs. */
    static String oshiIdent() {
        oshi.software.os.OperatingSystem os = new oshi.SystemInfo().getOperatingSystem();
        return (os.getFamily() + " " + os.getVersionInfo().getVersion() + " "
                + nullToEmpty(os.getVersionInfo().getCodeName())).trim();
    }

    /**
     * "family version codename" from an os-release file, the way OSHI's LinuxOperatingSystem reads it: family from
     * NAME, version and codename from VERSION ("12 (bookworm)" or "14.04.4 LTS, Trusty Tahr"), else VERSION_ID;
     * unknown parts are "unknown". Empty when the file is missing, unreadable or has no NAME.
     */
    static Optional<String> osRelease(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
        String family = null;
        String version = "unknown";
        String codeName = "unknown";
        for (String line : lines) {
            if (line.startsWith("VERSION=")) {
                String v = unquote(line.substring("VERSION=".length()));
                String[] split = v.split("[()]");
                if (split.length <= 1) {
                    split = v.split(", ");
                }
                if (split.length > 0) {
                    version = split[0].trim();
                }
                if (split.length > 1) {
                    codeName = split[1].trim();
                }
            } else if (line.startsWith("NAME=") && family == null) {
                family = unquote(line.substring("NAME=".length()));
            } else if (line.startsWith("VERSION_ID=") && version.equals("unknown")) {
                version = unquote(line.substring("VERSION_ID=".length()));
            }
        }
        return family == null ? Optional.empty() : Optional.of((family + " " + version + " " + codeName).trim());
    }

    private static String unquote(String s) {
        return s.replaceAll("(?:^\")|(?:\"$)", "").trim();
    }

    /** MIG's OS names: linux, darwin, windows. */
    public static String osFamily() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (name.contains("linux")) {
            return "linux";
        }
        if (name.contains("mac") || name.contains("darwin")) {
            return "darwin";
        }
        if (name.contains("windows")) {
            return "windows";
        }
        return name.replace(' ', '_');
    }

    /** Go's GOARCH names. */
    static String arch() {
        String a = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> a;
        };
    }

    static String initSystem() {
        if (!osFamily().equals("linux")) {
            return osFamily().equals("darwin") ? "launchd" : "windows";
        }
        try {
            Path comm = Path.of("/proc/1/comm");
            String init = Files.exists(comm) ? Files.readString(comm).trim() : "";
            if (init.equals("systemd")) {
                return "systemd";
            }
            if (Files.isDirectory(Path.of("/run/systemd/system"))) {
                return "systemd";
            }
            if (Files.exists(Path.of("/sbin/initctl"))) {
                return "upstart";
            }
            return init.isEmpty() ? "sysvinit" : init;
        } catch (Exception e) {
            return "unknown";
        }
    }

    static List<String> addresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                nif.getInterfaceAddresses().forEach(ia -> out.add(address(ia.getAddress(), ia.getNetworkPrefixLength())));
            }
        } catch (SocketException e) {
            // an agent without readable interfaces still heartbeats
        }
        return out;
    }

    /** An interface address as MIG's agent reports it: {@code 10.0.0.5/24}, {@code fd00::2/64} (no zone). */
    static String address(InetAddress addr, int prefixLength) {
        return GoFormat.ip(addr.getAddress()) + "/" + prefixLength;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
