package io.gator.cli.module;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The modules {@code mig} can launch from flags, and the flag parsing itself. */
public final class ModuleFlagsRegistry {
    private static final Map<String, Supplier<ModuleFlags>> MODULES = new TreeMap<>(Map.of(
            "file", FileFlags::new,
            "netstat", NetstatFlags::new,
            "memory", MemoryFlags::new,
            "pkg", PkgFlags::new,
            "timedrift", TimedriftFlags::new,
            "ping", PingFlags::new));

    private ModuleFlagsRegistry() {}

    /** Module names with a flag parser. */
    public static List<String> names() {
        return List.copyOf(MODULES.keySet());
    }

    /** Parses a module's flags; throws {@link InvalidFlagException} with picocli's or the module's reason. */
    public static Optional<ModuleFlags> parse(String module, List<String> args) {
        Supplier<ModuleFlags> s = MODULES.get(module);
        if (s == null) {
            return Optional.empty();
        }
        ModuleFlags flags = s.get();
        CommandLine cl = new CommandLine(flags);
        cl.setPosixClusteredShortOptionsAllowed(false);
        cl.setUnmatchedOptionsArePositionalParams(false);
        try {
            cl.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new InvalidFlagException(module + ": " + e.getMessage());
        }
        return Optional.of(flags);
    }

    /** Usage text of a module's flags. */
    public static String usage(String module) {
        Supplier<ModuleFlags> s = MODULES.get(module);
        return s == null ? "" : new CommandLine(s.get()).setCommandName("mig " + module).getUsageMessage();
    }
}
