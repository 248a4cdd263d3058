package io.gator.cli.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code mig memory} flags. MIG's CLI maps {@code -maxdepth} to the offset and {@code -matchlimit} to
 * the max length; Gator accepts those spellings and the names the help text promises.
 */
public final class MemoryFlags implements ModuleFlags {
    @Option(names = "-name", description = "process name regex") List<String> names = new ArrayList<>();
    @Option(names = "-lib", description = "linked library regex") List<String> libs = new ArrayList<>();
    @Option(names = "-content", description = "regex on memory content") List<String> contents = new ArrayList<>();
    @Option(names = "-bytes", description = "hex byte string in memory") List<String> bytes = new ArrayList<>();
    // strings, read as MIG's float64 flags read them (decimals allowed)
    @Option(names = {"-offset", "-maxdepth"}, defaultValue = "0") String offset;
    @Option(names = {"-maxlength", "-matchlimit"}, defaultValue = "0") String maxLength;
    @Option(names = "-matchall") boolean matchAll;
    @Option(names = "-matchany") boolean matchAny;
    @Option(names = "-logfailures") boolean logFailures;

    @Override
    public String module() {
        return "memory";
    }

    @Override
    public JsonNode parameters() {
        Flags.regexes(names);
        Flags.regexes(libs);
        Flags.regexes(contents);
        Flags.matching(bytes, "^([0-9a-fA-F]{2})+$", "hex byte string");
        if (names.isEmpty() && libs.isEmpty() && contents.isEmpty() && bytes.isEmpty()) {
            throw new InvalidFlagException("memory: give at least one of -name -lib -content -bytes");
        }
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        Flags.putIfAny(s, "names", names);
        Flags.putIfAny(s, "libraries", libs);
        Flags.putIfAny(s, "bytes", bytes);
        Flags.putIfAny(s, "contents", contents);
        ObjectNode o = s.putObject("options");
        long off = Flags.whole("-offset", offset);
        long max = Flags.whole("-maxlength", maxLength);
        if (off > 0) {
            o.put("offset", off);
        }
        if (max > 0) {
            o.put("maxlength", max);
        }
        if (logFailures) {
            o.put("logfailures", true);
        }
        o.put("matchall", !matchAny);
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.putObject("searches").set("s1", s);
        return p;
    }

}
