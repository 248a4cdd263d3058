package io.gator.agent.module.netstat;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.command.Result;
import io.gator.core.module.GoFormat;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.netstat.Cidr;
import io.gator.core.module.netstat.NetstatElement;
import io.gator.core.module.netstat.NetstatElements;
import io.gator.core.module.netstat.NetstatModule;
import io.gator.core.module.netstat.NetstatParameters;
import io.gator.core.module.netstat.NetstatStatistics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MIG's netstat module on Linux: sockets from {@code /proc/net/{tcp,tcp6,udp,udp6}}, neighbours from
 * {@code /proc/net/arp}, local MACs and IPs from the network interfaces.
 */
public final class NetstatRunner implements ModuleRunner<NetstatParameters> {
    private static final String NAME = NetstatModule.INSTANCE.name();
    private static final String NS = "default";

    /** One socket line of /proc/net. */
    record Socket(String proto, byte[] local, int localPort, byte[] remote, int remotePort, int state) {}

    @Override
    public ModuleDefinition<NetstatParameters> definition() {
        return NetstatModule.INSTANCE;
    }

    @Override
    public Result run(NetstatParameters p, ModuleContext ctx) {
        long t0 = System.nanoTime();
        List<String> errors = new ArrayList<>();
        long[] examined = {0};
        Map<String, List<NetstatElement>> localMac = new LinkedHashMap<>();
        Map<String, List<NetstatElement>> localIp = new LinkedHashMap<>();
        Map<String, List<NetstatElement>> neighborMac = new LinkedHashMap<>();
        Map<String, List<NetstatElement>> neighborIp = new LinkedHashMap<>();
        Map<String, List<NetstatElement>> connectedIp = new LinkedHashMap<>();
        Map<String, List<NetstatElement>> listening = new LinkedHashMap<>();
        boolean found = false;
        try {
            if (!p.localMac().isEmpty() || !p.localIp().isEmpty()) {
                List<NetworkInterface> ifs = Collections.list(NetworkInterface.getNetworkInterfaces());
                for (String v : p.localMac()) {
                    Pattern re = Pattern.compile(v);
                    List<NetstatElement> l = new ArrayList<>();
                    for (NetworkInterface ni : ifs) {
                        examined[0]++;
                        byte[] hw = ni.getHardwareAddress();
                        if (hw == null || hw.length == 0) {
                            continue;
                        }
                        String mac = mac(hw);
                        if (re.matcher(mac).find()) {
                            l.add(new NetstatElement(mac, "", "", 0, "", 0, ""));
                        }
                    }
                    localMac.put(v, l);
                }
                for (String v : p.localIp()) {
                    Cidr c = Cidr.parse(v);
                    List<NetstatElement> l = new ArrayList<>();
                    for (NetworkInterface ni : ifs) {
                        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                            examined[0]++;
                            if (c.contains(a.getAddress())) {
                                l.add(new NetstatElement("", "", ip(a.getAddress()), 0, "", 0, NS));
                            }
                        }
                    }
                    localIp.put(v, l);
                }
            }
            if (!p.neighborMac().isEmpty() || !p.neighborIp().isEmpty()) {
                List<String[]> arp = arp(ctx);
                for (String v : p.neighborMac()) {
                    Pattern re = Pattern.compile(v);
                    List<NetstatElement> l = new ArrayList<>();
                    for (String[] e : arp) {
                        examined[0]++;
                        if (re.matcher(e[1]).find()) {
                            l.add(new NetstatElement("", e[1], "", 0, e[0], 0, NS));
                        }
                    }
                    neighborMac.put(v, l);
                }
                for (String v : p.neighborIp()) {
                    Cidr c = Cidr.parse(v);
                    List<NetstatElement> l = new ArrayList<>();
                    for (String[] e : arp) {
                        examined[0]++;
                        byte[] a = Cidr.literal(e[0]);
                        if (a != null && c.contains(a)) {
                            l.add(new NetstatElement("", e[1], "", 0, e[0], 0, NS));
                        }
                    }
                    neighborIp.put(v, l);
                }
            }
            if (!p.connectedIp().isEmpty() || !p.listeningPort().isEmpty()) {
                List<Socket> sockets = new ArrayList<>();
                for (String proto : List.of("tcp", "tcp6", "udp", "udp6")) {
                    ctx.checkCancelled(NAME);
                    sockets.addAll(sockets(ctx.system("/proc/net/" + proto), proto, errors));
                }
                for (String v : p.connectedIp()) {
                    Cidr c = Cidr.parse(v);
                    List<NetstatElement> l = new ArrayList<>();
                    for (Socket s : sockets) {
                        examined[0]++;
                        boolean listen = s.proto.startsWith("tcp") ? s.state == 0x0A : s.remotePort == 0;
                        if (!listen && s.remotePort != 0 && c.contains(s.remote)) {
                            l.add(new NetstatElement("", "", ip(s.local), s.localPort,
                                    ctx.extraPrivacy() ? "masked" : ip(s.remote), s.remotePort, NS));
                        }
                    }
                    connectedIp.put(v, l);
                }
                for (String v : p.listeningPort()) {
                    int port = Integer.parseInt(v);
                    List<NetstatElement> l = new ArrayList<>();
                    for (Socket s : sockets) {
                        examined[0]++;
                        boolean listen = s.proto.startsWith("tcp") ? s.state == 0x0A : s.remotePort == 0;
                        if (listen && s.localPort == port) {
                            l.add(new NetstatElement("", "", ip(s.local), s.localPort, "", 0, NS));
                        }
                    }
                    listening.put(v, l);
                }
            }
        } catch (IOException e) {
            errors.add("netstat: " + e.getMessage());
        }
        for (Map<String, List<NetstatElement>> m : List.of(localMac, localIp, neighborMac, neighborIp, connectedIp,
                listening)) {
            for (List<NetstatElement> l : m.values()) {
                found |= !l.isEmpty();
            }
        }
        NetstatElements el = new NetstatElements(localMac, localIp, neighborMac, neighborIp, connectedIp, listening);
        NetstatStatistics st = new NetstatStatistics(examined[0], GoFormat.duration(System.nanoTime() - t0), 0);
        return new Result(found, errors.isEmpty(), NetstatModule.elementsJson(el), NetstatModule.statisticsJson(st),
                errors);
    }

    static String mac(byte[] hw) {
        StringBuilder sb = new StringBuilder();
        for (byte b : hw) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    /** {IP, MAC} of each /proc/net/arp entry. */
    static List<String[]> arp(ModuleContext ctx) throws IOException {
        Path f = ctx.system("/proc/net/arp");
        List<String[]> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        List<String> lines = Files.readAllLines(f);
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).trim().split("\\s+");
            if (c.length >= 4) {
                out.add(new String[] {c[0], c[3].toLowerCase(java.util.Locale.ROOT)});
            }
        }
        return out;
    }

    static List<Socket> sockets(Path f, String proto, List<String> errors) {
        List<Socket> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(f);
        } catch (IOException e) {
            errors.add("failed to read " + f + ": " + e.getMessage());
            return out;
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).trim().split("\\s+");
            if (c.length < 4) {
                continue;
            }
            String[] l = c[1].split(":");
            String[] r = c[2].split(":");
            out.add(new Socket(proto, addr(l[0]), Integer.parseInt(l[1], 16), addr(r[0]), Integer.parseInt(r[1], 16),
                    Integer.parseInt(c[3], 16)));
        }
        return out;
    }

    /** A /proc/net hex address (32-bit words in host, little-endian, order) to bytes; v4-mapped v6 to 4 bytes. */
    static byte[] addr(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] b = new byte[raw.length];
        for (int w = 0; w < raw.length; w += 4) {
            for (int i = 0; i < 4; i++) {
                b[w + i] = raw[w + 3 - i];
            }
        }
        if (b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                return java.util.Arrays.copyOfRange(b, 12, 16);
            }
        }
        return b;
    }

    /** Go's net.IP.String() (see {@link GoFormat#ip(byte[])}). */
    static String ip(byte[] b) {
        return GoFormat.ip(b);
    }
}
