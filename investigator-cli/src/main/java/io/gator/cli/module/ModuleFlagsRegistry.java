package io.gator.cli.module;

import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.ModuleDefinitions;
import io.gator.core.module.flag.Flag;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import io.gator.core.module.flag.InvalidFlagException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The modules {@code mig} can launch from flags (every module definition with a {@link FlagForm}), and the flag
 * parsing itself: Go's flag syntax, as MIG's modules read their flags ({@link GoFlagSyntax}).
 */
public final class ModuleFlagsRegistry {
    private ModuleFlagsRegistry() {}

    /** Module names with flags, sorted. */
    public static List<String> names() {
        return ModuleDefinitions.names().stream().filter(n -> form(n).isPresent()).toList();
    }

    /** Parses a module's flags; throws {@link InvalidFlagException} with the reason. */
    public static Optional<ModuleFlags> parse(String module, List<String> args) {
        return parse(module, args, java.nio.file.Path.of("/"));
    }

    /** As {@link #parse(String, List)}, files named by flags being read under {@code clientRoot}. */
    public static Optional<ModuleFlags> parse(String module, List<String> args, java.nio.file.Path clientRoot) {
        Optional<FlagForm> form = form(module);
        if (form.isEmpty()) {
            return Optional.empty();
        }
        if (form.get().flags().isEmpty()) {
            // a form without flags takes no arguments and ignores whatever is given (MIG's persistent modules)
            return Optional.of(new ModuleFlags(module, form.get(), FlagValues.of(Map.of())));
        }
        try {
            return Optional.of(new ModuleFlags(module, form.get(),
                    GoFlagSyntax.parse(module, form.get(), args, clientRoot)));
        } catch (FlagSyntaxException e) {
            if (form.get().help().isPresent()) {
                throw e; // MIG's own module text: Go's reason and listing, as MIG prints them
            }
            // the others name the module and leave the listing to -h (and mig says where a common flag goes)
            throw new InvalidFlagException(module + ": " + e.getMessage());
        }
    }

    /** MIG's help text of the module when its flags ask for it ({@code help} first), as MIG's module prints it. */
    public static Optional<String> help(String module, List<String> args) {
        return form(module).filter(f -> f.asksForHelp(args)).flatMap(FlagForm::help);
    }

    /**
     * Help asked with {@code -h}, {@code --help} or {@code mig help MODULE}: MIG's text where the module has one,
     * else one line per flag of the definition. Empty for a module without flags.
     */
    public static Optional<String> fullHelp(String module) {
        Optional<FlagForm> form = form(module);
        if (form.isEmpty() || form.get().help().isPresent()) {
            return form.flatMap(FlagForm::help);
        }
        StringBuilder sb = new StringBuilder("mig " + module + " [common flags] [module flags]\n");
        if (form.get().flags().isEmpty()) {
            return Optional.of(sb.append("  (no flags: the module takes no parameters)\n").toString());
        }
        for (Flag f : form.get().flags()) {
            String spelling = String.join(", ", f.names()) + (f.kind() == Flag.Kind.SWITCH ? "" : " <" + f.label() + ">");
            String more = f.kind() == Flag.Kind.REPEATED ? " (repeatable)"
                    : f.kind() == Flag.Kind.VALUE && !f.defaultValue().isEmpty() ? " (default " + f.defaultValue() + ")" : "";
            sb.append(String.format("  %-28s %s%s%n", spelling, f.description(), more));
        }
        return Optional.of(sb.toString());
    }

    /** Every spelling of a module's flags (for completion). */
    public static List<String> flagNames(String module) {
        return form(module).map(f -> f.flags().stream().flatMap(x -> x.names().stream()).toList()).orElse(List.of());
    }

    /** Every spelling of a module's flags that takes a value (for completion: a file name may follow). */
    public static List<String> valueFlagNames(String module) {
        return form(module).map(f -> f.flags().stream().filter(x -> x.kind() != Flag.Kind.SWITCH)
                .flatMap(x -> x.names().stream()).toList()).orElse(List.of());
    }

    private static Optional<FlagForm> form(String module) {
        return ModuleDefinitions.find(module).flatMap(ModuleDefinition::flags);
    }
}
