package io.gator.core.module.netstat;

import static io.gator.core.module.ParamReader.bool;
import static io.gator.core.module.ParamReader.object;
import static io.gator.core.module.ParamReader.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.command.Result;
import io.gator.core.module.AbstractModuleDefinition;
import io.gator.core.module.GoFormat;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.ParamReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** MIG's {@code netstat} module: parameters, flags, result shape and printer. */
public final class NetstatModule extends AbstractModuleDefinition<NetstatParameters> {
    public static final NetstatModule INSTANCE = new NetstatModule();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern PORT = Pattern.compile("^[0-9]{1,5}$");

    public NetstatModule() {
        super("netstat",
                "Looks for network connections, listening ports and neighbours by address or MAC.",
                NetstatParameters.class, NetstatModule::print, NetstatFlags.form());
    }

    @Override
    public NetstatParameters parse(JsonNode p) {
        object(p, "parameters");
        NetstatParameters n = new NetstatParameters(strings(p, "localmac", ""), strings(p, "localip", ""),
                strings(p, "neighbormac", ""), strings(p, "neighborip", ""), strings(p, "connectedip", ""),
                strings(p, "listeningport", ""), bool(p, "namespaces", ""));
        macs(n.localMac(), "localmac");
        macs(n.neighborMac(), "neighbormac");
        ips(n.localIp(), "localip");
        ips(n.neighborIp(), "neighborip");
        ips(n.connectedIp(), "connectedip");
        for (int i = 0; i < n.listeningPort().size(); i++) {
            String v = n.listeningPort().get(i);
            if (!PORT.matcher(v).matches() || Integer.parseInt(v) > 65535) {
                throw new InvalidParametersException("listeningport[" + i + "]", "'" + v + "' is not a port number");
            }
        }
        if (n.localMac().isEmpty() && n.localIp().isEmpty() && n.neighborMac().isEmpty()
                && n.neighborIp().isEmpty() && n.connectedIp().isEmpty() && n.listeningPort().isEmpty()) {
            throw new InvalidParametersException("parameters", "at least one netstat check is required");
        }
        return n;
    }

    private static void macs(List<String> l, String f) {
        for (int i = 0; i < l.size(); i++) {
            ParamReader.regex(l.get(i), f + "[" + i + "]");
        }
    }

    private static void ips(List<String> l, String f) {
        for (int i = 0; i < l.size(); i++) {
            try {
                Cidr.parse(l.get(i));
            } catch (IllegalArgumentException e) {
                throw new InvalidParametersException(f + "[" + i + "]", e.getMessage());
            }
        }
    }

    @Override
    public JsonNode toJson(NetstatParameters p) {
        ObjectNode o = F.objectNode();
        put(o, "localmac", p.localMac());
        put(o, "localip", p.localIp());
        put(o, "neighbormac", p.neighborMac());
        put(o, "neighborip", p.neighborIp());
        put(o, "connectedip", p.connectedIp());
        put(o, "listeningport", p.listeningPort());
        o.put("namespaces", p.namespaces());
        return o;
    }

    private static void put(ObjectNode o, String k, List<String> l) {
        if (!l.isEmpty()) {
            ArrayNode a = o.putArray(k);
            l.forEach(a::add);
        }
    }

    public static JsonNode elementsJson(NetstatElements e) {
        ObjectNode o = F.objectNode();
        group(o, "localmac", e.localMac());
        group(o, "localip", e.localIp());
        group(o, "neighbormac", e.neighborMac());
        group(o, "neighborip", e.neighborIp());
        group(o, "connectedip", e.connectedIp());
        group(o, "listeningport", e.listeningPort());
        return o;
    }

    private static void group(ObjectNode o, String k, Map<String, List<NetstatElement>> m) {
        if (m.isEmpty()) {
            return;
        }
        ObjectNode g = o.putObject(k);
        m.forEach((val, list) -> {
            if (list.isEmpty()) {
                g.putNull(val);
                return;
            }
            ArrayNode a = g.putArray(val);
            for (NetstatElement el : list) {
                ObjectNode n = a.addObject();
                if (!el.localMacAddr().isEmpty()) {
                    n.put("localmacaddr", el.localMacAddr());
                }
                if (!el.remoteMacAddr().isEmpty()) {
                    n.put("remotemacaddr", el.remoteMacAddr());
                }
                if (!el.localAddr().isEmpty()) {
                    n.put("localaddr", el.localAddr());
                }
                if (el.localPort() != 0) {
                    n.put("localport", el.localPort());
                }
                if (!el.remoteAddr().isEmpty()) {
                    n.put("remoteaddr", el.remoteAddr());
                }
                if (el.remotePort() != 0) {
                    n.put("remoteport", el.remotePort());
                }
                if (!el.namespace().isEmpty()) {
                    n.put("namespace", el.namespace());
                }
            }
        });
    }

    public static JsonNode statisticsJson(NetstatStatistics s) {
        ObjectNode o = F.objectNode();
        o.put("examined", s.examined());
        o.put("exectime", s.execTime());
        o.put("totalhits", s.totalHits());
        return o;
    }

    public static NetstatElements readElements(JsonNode el) {
        Function<String, Map<String, List<NetstatElement>>> g = k -> {
            Map<String, List<NetstatElement>> m = new LinkedHashMap<>();
            JsonNode n = el == null ? null : el.get(k);
            if (n != null && n.isObject()) {
                n.fields().forEachRemaining(e -> {
                    List<NetstatElement> l = new ArrayList<>();
                    if (e.getValue().isArray()) {
                        for (JsonNode x : e.getValue()) {
                            l.add(new NetstatElement(x.path("localmacaddr").asText(""),
                                    x.path("remotemacaddr").asText(""), x.path("localaddr").asText(""),
                                    x.path("localport").asLong(), x.path("remoteaddr").asText(""),
                                    x.path("remoteport").asLong(), x.path("namespace").asText("")));
                        }
                    }
                    m.put(e.getKey(), l);
                });
            }
            return m;
        };
        return new NetstatElements(g.apply("localmac"), g.apply("localip"), g.apply("neighbormac"),
                g.apply("neighborip"), g.apply("connectedip"), g.apply("listeningport"));
    }

    private static String ns(String namespace) {
        return namespace.isEmpty() || namespace.equals("default") ? "" : " namespace:[" + namespace + "]";
    }

    /** MIG's netstat {@code PrintResults}. */
    public static List<String> print(Result result, boolean matchOnly) {
        NetstatElements el = readElements(result.elements());
        List<String> prints = new ArrayList<>();
        el.localMac().forEach((val, res) -> {
            for (NetstatElement e : res) {
                prints.add("found local mac " + e.localMacAddr() + " for netstat localmac:'" + val + "'"
                        + ns(e.namespace()));
            }
        });
        el.neighborMac().forEach((val, res) -> {
            if (matchOnly && res.isEmpty()) {
                return;
            }
            for (NetstatElement e : res) {
                prints.add("found neighbor mac " + e.remoteMacAddr() + " " + e.remoteAddr()
                        + " for netstat neighbormac:'" + val + "'" + ns(e.namespace()));
            }
            if (res.isEmpty()) {
                prints.add("did not find anything for netstat neighbormac:'" + val + "'");
            }
        });
        el.neighborIp().forEach((val, res) -> {
            if (matchOnly && res.isEmpty()) {
                return;
            }
            for (NetstatElement e : res) {
                prints.add("found neighbor IP " + e.remoteAddr() + " " + e.remoteMacAddr()
                        + " for netstat neighborIP:'" + val + "'" + ns(e.namespace()));
            }
            if (res.isEmpty()) {
                prints.add("did not find anything for netstat neighborIP:'" + val + "'");
            }
        });
        el.localIp().forEach((val, res) -> {
            if (matchOnly && res.isEmpty()) {
                return;
            }
            for (NetstatElement e : res) {
                prints.add("found local ip " + e.localAddr() + " for netstat localip:'" + val + "'" + ns(e.namespace()));
            }
            if (res.isEmpty()) {
                prints.add("did not find anything for netstat localip:'" + val + "'");
            }
        });
        el.connectedIp().forEach((val, res) -> {
            if (matchOnly && res.isEmpty()) {
                return;
            }
            for (NetstatElement e : res) {
                prints.add("found connected tuple " + e.remoteAddr() + ":" + e.remotePort() + " with local tuple "
                        + e.localAddr() + ":" + e.localPort() + " for netstat connectedip:'" + val + "'"
                        + ns(e.namespace()));
            }
            if (res.isEmpty()) {
                prints.add("did not find anything for netstat connectedip:'" + val + "'");
            }
        });
        el.listeningPort().forEach((val, res) -> {
            if (matchOnly && res.isEmpty()) {
                return;
            }
            for (NetstatElement e : res) {
                prints.add("found listening port " + e.localPort() + " for netstat listeningport:'" + val + "'"
                        + ns(e.namespace()));
            }
            if (res.isEmpty()) {
                prints.add("did not find anything for netstat listeningport:'" + val + "'");
            }
        });
        if (matchOnly) {
            return prints;
        }
        result.errors().forEach(e -> prints.add("error: " + e));
        JsonNode st = result.statistics();
        prints.add("Statistics: total hits " + GoFormat.f0(st.path("totalhits").asDouble()) + " examined "
                + GoFormat.f0(st.path("examined").asDouble()) + " items exectime " + st.path("exectime").asText(""));
        return prints;
    }
}
