package io.gator.core.module.pkg;

import static io.gator.core.module.ParamReader.field;
import static io.gator.core.module.ParamReader.object;
import static io.gator.core.module.ParamReader.string;
import static io.gator.core.module.ParamReader.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.command.Result;
import io.gator.core.module.AbstractModuleDefinition;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.ParamReader;
import java.util.ArrayList;
import java.util.List;

/** MIG's {@code pkg} module: parameters, flags, result shape and printer. */
public final class PkgModule extends AbstractModuleDefinition<PkgParameters> {
    public static final PkgModule INSTANCE = new PkgModule();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public PkgModule() {
        super("pkg",
                "Lists the installed packages whose name and version match.",
                PkgParameters.class, PkgModule::print, PkgFlags.form());
    }

    @Override
    public PkgParameters parse(JsonNode p) {
        object(p, "parameters");
        JsonNode pm = field(p, "pkgmatch");
        List<String> matches = pm == null || pm.isNull() ? List.of() : strings(object(pm, "pkgmatch"), "matches", "pkgmatch");
        if (matches.isEmpty()) {
            throw new InvalidParametersException("pkgmatch.matches", "at least one package name regex is required");
        }
        for (int i = 0; i < matches.size(); i++) {
            ParamReader.regex(matches.get(i), "pkgmatch.matches[" + i + "]");
        }
        String ver = string(p, "vermatch", "");
        if (!ver.isEmpty()) {
            ParamReader.regex(ver, "vermatch");
        }
        return new PkgParameters(matches, ver);
    }

    @Override
    public JsonNode toJson(PkgParameters p) {
        ObjectNode o = F.objectNode();
        ArrayNode a = o.putObject("pkgmatch").putArray("matches");
        p.matches().forEach(a::add);
        o.put("vermatch", p.verMatch());
        return o;
    }

    public static JsonNode elementsJson(List<PackageInfo> pkgs) {
        ObjectNode o = F.objectNode();
        if (pkgs.isEmpty()) {
            o.putNull("packages");
            return o;
        }
        ArrayNode a = o.putArray("packages");
        for (PackageInfo p : pkgs) {
            a.addObject().put("name", p.name()).put("version", p.version()).put("type", p.type()).put("arch", p.arch());
        }
        return o;
    }

    public static JsonNode statisticsJson(String execRuntime) {
        return F.objectNode().put("execruntime", execRuntime);
    }

    /** MIG's pkg {@code PrintResults}. */
    public static List<String> print(Result result, boolean foundOnly) {
        List<String> prints = new ArrayList<>();
        for (JsonNode x : result.elements().path("packages")) {
            prints.add("pkgmatch name=" + x.path("name").asText("") + " version=" + x.path("version").asText("")
                    + " type=" + x.path("type").asText("") + " arch=" + x.path("arch").asText(""));
        }
        if (!foundOnly) {
            prints.addAll(result.errors());
            prints.add("Statistics: runtime " + result.statistics().path("execruntime").asText(""));
        }
        return prints;
    }
}
