package io.gator.core.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;

/** AWS facts an agent may report; all optional. */
@JsonInclude(Include.NON_EMPTY)
public record AwsEnv(@JsonProperty("instanceid") String instanceId,
                     @JsonProperty("localipv4") String localIpv4,
                     @JsonProperty("amiid") String amiId,
                     @JsonProperty("instancetype") String instanceType) {
    public static final AwsEnv EMPTY = new AwsEnv("", "", "", "");

    public AwsEnv {
        instanceId = instanceId == null ? "" : instanceId;
        localIpv4 = localIpv4 == null ? "" : localIpv4;
        amiId = amiId == null ? "" : amiId;
        instanceType = instanceType == null ? "" : instanceType;
    }
}
