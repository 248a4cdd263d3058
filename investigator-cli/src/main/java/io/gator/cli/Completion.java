package io.gator.cli;

import io.gator.cli.module.ModuleFlagsRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bash completion script of {@code mig}: commands and modules first, then each command's sub-commands, each
 * module's flags with the common flags, and the {@code .migrc} target macros after {@code -t}.
 */
final class Completion {
    /** Commands that are not modules, with their sub-commands. */
    static final Map<String, List<String>> COMMANDS = Map.of(
            "action", List.of("show", "cancel", "events", "results", "list"),
            "agent", List.of("search"),
            "investigator", List.of("show", "search", "create", "enable", "disable", "apikey"),
            "status", List.of(),
            "cosign", List.of("list", "show", "sign", "cancel"),
            "completion", List.of(),
            "help", List.of(),
            "version", List.of());

    static final List<String> COMMON_FLAGS = List.of("-t", "-e", "-n", "-p", "-s", "-show", "-render", "-json",
            "-target-found", "-target-notfound", "-z", "-yes", "-force", "-c", "-v", "-V");

    private Completion() {}

    /** The script; {@code macros}: the target macros to offer after {@code -t} (with {@code all} and {@code local}). */
    static String script(List<String> macros) {
        List<String> first = new ArrayList<>(ModuleFlagsRegistry.names());
        COMMANDS.keySet().stream().sorted().forEach(first::add);
        List<String> targets = new ArrayList<>(List.of("all", MigMain.LOCAL_TARGET));
        macros.stream().filter(m -> !targets.contains(m)).forEach(targets::add);
        StringBuilder sb = new StringBuilder();
        sb.append("_mig() {\n");
        sb.append("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} words=\n");
        sb.append("  if [ $COMP_CWORD -eq 1 ]; then words=\"").append(String.join(" ", first)).append("\"\n");
        sb.append("  elif [ \"$prev\" = -t ]; then words=\"").append(String.join(" ", targets)).append("\"\n");
        sb.append("  elif [ \"$prev\" = -show ]; then words=\"found notfound all\"\n");
        sb.append("  elif [ \"$prev\" = -render ]; then words=\"text json csv\"\n");
        sb.append("  else case ${COMP_WORDS[1]} in\n");
        sb.append("    help) [ $COMP_CWORD -eq 2 ] && words=\"")
                .append(String.join(" ", ModuleFlagsRegistry.names())).append("\" ;;\n");
        COMMANDS.entrySet().stream().filter(e -> !e.getValue().isEmpty()).sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append("    ").append(e.getKey()).append(") if [ $COMP_CWORD -eq 2 ]; then words=\"")
                        .append(String.join(" ", e.getValue())).append("\"; else words=\"-json -c -yes\"; fi ;;\n"));
        for (String m : ModuleFlagsRegistry.names()) {
            List<String> flags = new ArrayList<>(COMMON_FLAGS);
            flags.addAll(ModuleFlagsRegistry.flagNames(m));
            flags.add("-h");
            sb.append("    ").append(m).append(") words=\"").append(String.join(" ", flags)).append("\" ;;\n");
        }
        sb.append("  esac; fi\n");
        sb.append("  COMPREPLY=( $(compgen -W \"$words\" -- \"$cur\") )\n");
        sb.append("}\n");
        sb.append("complete -F _mig mig");
        return sb.toString();
    }
}
