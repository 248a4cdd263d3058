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
