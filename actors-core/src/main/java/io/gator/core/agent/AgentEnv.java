package io.gator.core.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** What an agent says about its host (MIG's AgentEnv); {@code isproxied} and {@code aws} are always written. */
@JsonPropertyOrder({"init", "ident", "os", "arch", "isproxied", "proxy", "addresses", "publicip", "aws", "modules"})
@JsonInclude(Include.NON_EMPTY)
public record AgentEnv(String init, String ident, String os, String arch,
                       @JsonProperty("isproxied") @JsonInclude(Include.ALWAYS) boolean isProxied,
                       String proxy, List<String> addresses,
                       @JsonProperty("publicip") String publicIp,
                       @JsonInclude(Include.ALWAYS) AwsEnv aws,
                       List<String> modules) {
    public static final AgentEnv EMPTY = new AgentEnv("", "", "", "", false, "", List.of(), "", AwsEnv.EMPTY, List.of());

    /** A host's init system, OS release ({@code ident}), family and architecture; no proxy, address or module yet. */
    public static AgentEnv of(String init, String ident, String os, String arch) {
        return new AgentEnv(init, ident, os, arch, false, "", List.of(), "", AwsEnv.EMPTY, List.of());
    }

    /** The host's interface addresses (CIDR) and the public address it reaches the outside from. */
    public AgentEnv withAddresses(List<String> newAddresses, String newPublicIp) {
        return new AgentEnv(init, ident, os, arch, isProxied, proxy, newAddresses, newPublicIp, aws, modules);
    }

    /** The modules the agent can run. */
    public AgentEnv withModules(List<String> newModules) {
        return new AgentEnv(init, ident, os, arch, isProxied, proxy, addresses, publicIp, aws, newModules);
    }

    public AgentEnv {
        init = init == null ? "" : init;
        ident = ident == null ? "" : ident;
        os = os == null ? "" : os;
        arch = arch == null ? "" : arch;
        proxy = proxy == null ? "" : proxy;
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        publicIp = publicIp == null ? "" : publicIp;
        aws = aws == null ? AwsEnv.EMPTY : aws;
        modules = modules == null ? List.of() : List.copyOf(modules);
    }
}
