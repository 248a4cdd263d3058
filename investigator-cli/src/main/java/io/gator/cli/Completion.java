package io.gator.cli;

import io.gator.cli.history.ActionList;
import io.gator.cli.history.ActionResults;
import io.gator.cli.launch.GlobalFlags;
import io.gator.cli.module.ModuleFlagsRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The completion scripts of {@code mig} (bash; zsh through bashcompinit; fish), generated from the CLI's own tables:
 * the modules and their flags from the module definitions, the common flags and their values from
 * {@link GlobalFlags}, the commands' sub-commands and flags below, and the {@code .migrc} target macros after
 * {@code -t} (read when the script is made). Static: completing costs no JVM start.
 */
final class Completion {
    /** The shells {@code mig completion} writes for; the first is the default. */
    static final List<String> SHELLS = List.of("bash", "zsh", "fish");

    private static final List<String> JSON = List.of("-json", "-c");
    /** Where no sub-command is typed: the command's own words sit under this key. */
    private static final String NONE = "";

    /** Commands that are not modules: each sub-command with its flags ({@link #NONE}: the command's own). */
    static final Map<String, Map<String, List<String>>> COMMANDS = commands();

    /** Flags followed by a file name. */
    private static final List<String> FILE_FLAGS = List.of("-c", "-i", "-history");
    /** Flags followed by a value with nothing to offer (an id, a duration, a name, a time). */
    private static final List<String> FREE_VALUE_FLAGS = List.of("-e", "-n", "-target-found", "-target-notfound",
            "-status", "-investigator", "-name", "-after", "-before", "-limit", "-pace", "-inflight");

    private Completion() {}

    private static Map<String, Map<String, List<String>>> commands() {
        Map<String, Map<String, List<String>>> m = new LinkedHashMap<>();
        Map<String, List<String>> action = new LinkedHashMap<>();
        action.put("show", JSON);
        action.put("cancel", List.of("-c"));
        action.put("events", JSON);
        action.put("results", List.of("-show", "-render", "-c"));
        action.put("list", ActionList.FLAGS);
        m.put("action", action);
        m.put("agent", Map.of("search", JSON));
        Map<String, List<String>> investigator = new LinkedHashMap<>();
        for (String sub : List.of("show", "search", "create", "enable", "disable", "apikey")) {
            investigator.put(sub, switch (sub) {
                case "create" -> List.of("-admin", "-json", "-c");
                case "disable" -> List.of("-yes", "-json", "-c");
                default -> JSON;
            });
        }
        m.put("investigator", investigator);
        m.put("status", Map.of(NONE, JSON));
        Map<String, List<String>> cosign = new LinkedHashMap<>();
        cosign.put("list", List.of("-all", "-json", "-c"));
        cosign.put("show", JSON);
        cosign.put("sign", List.of("-c"));
        cosign.put("cancel", List.of("-c"));
        m.put("cosign", cosign);
        Map<String, List<String>> schedule = new LinkedHashMap<>();
        schedule.put("list", JSON);
        schedule.put("show", JSON);
        schedule.put("cancel", List.of("-c"));
        m.put("schedule", schedule);
        m.put("loader", io.gator.cli.loader.LoaderCommand.completion());
        m.put("manifest", io.gator.cli.loader.ManifestCommand.completion());
        m.put("console", Map.of(NONE, List.of("-c", "-history")));
        m.put("completion", Map.of(NONE, Stream.concat(SHELLS.stream(), Stream.of("-c")).toList()));
        m.put("help", Map.of(NONE, ModuleFlagsRegistry.names()));
        m.put("version", Map.of(NONE, List.of()));
        return m;
    }

    /**
     * {@code mig completion [bash|zsh|fish] [-c file]}: the script for the shell, with the target macros of the
     * {@code .migrc} that {@code macros} reads (none when it cannot).
     */
    static String script(List<String> args, Function<GlobalFlags, List<String>> macros) {
        List<String> rest = new ArrayList<>(args);
        String shell = SHELLS.get(0);
        if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
            shell = rest.remove(0);
        }
        if (!SHELLS.contains(shell)) {
            throw new IllegalArgumentException("no completion for shell '" + shell + "': " + String.join(", ", SHELLS));
        }
        GlobalFlags g = GlobalFlags.parse(rest);
        if (!g.moduleArgs.isEmpty()) {
            throw new IllegalArgumentException("usage: mig completion [" + String.join("|", SHELLS) + "] [-c file]");
        }
        List<String> targets = targets(macros.apply(g));
        return switch (shell) {
            case "zsh" -> zsh(targets);
            case "fish" -> fish(targets);
            default -> bash(targets);
        };
    }

    /** What {@code -t} offers: all, local, then the macros whose names a shell word can carry as they are. */
    static List<String> targets(List<String> macros) {
        List<String> targets = new ArrayList<>(List.of("all", MigMain.LOCAL_TARGET));
        macros.stream().filter(m -> m.matches("[A-Za-z0-9_.:@%+=-]+") && !targets.contains(m)).forEach(targets::add);
        return targets;
    }

    /** The first word: every module and command, and the flags that stand alone. */
    private static List<String> firstWords() {
        List<String> first = new ArrayList<>(ModuleFlagsRegistry.names());
        first.addAll(COMMANDS.keySet());
        first.addAll(List.of("-i", "-V", "-h"));
        return first;
    }

    /** A module's words: the common flags (no aliases), its own flags, -h. */
    private static List<String> moduleWords(String module) {
        List<String> words = new ArrayList<>(GlobalFlags.COMMON.stream()
                .filter(f -> !List.of("-y", "-i").contains(f)).toList());
        words.addAll(ModuleFlagsRegistry.flagNames(module));
        words.add("-h");
        return words;
    }

    private static String w(List<String> words) {
        return String.join(" ", words);
    }

    static String bash(List<String> targets) {
        StringBuilder sb = new StringBuilder();
        sb.append("# mig completion (bash): source <(mig completion bash)\n");
        sb.append("_mig() {\n");
        sb.append("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} words=\n");
        sb.append("  COMPREPLY=()\n");
        sb.append("  case $prev in\n");
        sb.append("    -t) words=\"").append(w(targets)).append("\" ;;\n");
        sb.append("    -show) words=\"").append(w(GlobalFlags.SHOW)).append("\" ;;\n");
        sb.append("    -render) if [ \"${COMP_WORDS[1]}\" = action ]; then words=\"").append(w(ActionResults.RENDERS))
                .append("\"; else words=\"").append(w(GlobalFlags.RENDER)).append("\"; fi ;;\n");
        sb.append("    ").append(String.join("|", FILE_FLAGS))
                .append(") COMPREPLY=( $(compgen -f -- \"$cur\") ); return 0 ;;\n");
        sb.append("    ").append(String.join("|", FREE_VALUE_FLAGS)).append(") return 0 ;;\n");
        sb.append("  esac\n");
        sb.append("  if [ -z \"$words\" ]; then\n");
        sb.append("    if [ $COMP_CWORD -eq 1 ]; then words=\"").append(w(firstWords())).append("\"\n");
        sb.append("    else case ${COMP_WORDS[1]} in\n");
        COMMANDS.forEach((command, subs) -> {
            sb.append("      ").append(command).append(") ");
            if (subs.containsKey(NONE)) {
                String own = w(subs.get(NONE));
                sb.append(command.equals("help") || command.equals("completion")
                        ? "[ $COMP_CWORD -eq 2 ] && words=\"" + own + "\"" : "words=\"" + own + "\"").append(" ;;\n");
                return;
            }
            sb.append("if [ $COMP_CWORD -eq 2 ]; then words=\"").append(w(List.copyOf(subs.keySet())))
                    .append("\"\n        else case ${COMP_WORDS[2]} in\n");
            subs.forEach((sub, flags) -> sb.append("          ").append(sub).append(") words=\"").append(w(flags))
                    .append("\" ;;\n"));
            sb.append("        esac; fi ;;\n");
        });
        for (String m : ModuleFlagsRegistry.names()) {
            sb.append("      ").append(m).append(")\n");
            List<String> valued = ModuleFlagsRegistry.valueFlagNames(m);
            if (!valued.isEmpty()) {
                sb.append("        case $prev in ").append(String.join("|", valued))
                        .append(") COMPREPLY=( $(compgen -f -- \"$cur\") ); return 0 ;; esac\n");
            }
            sb.append("        words=\"").append(w(moduleWords(m))).append("\" ;;\n");
        }
        sb.append("    esac; fi\n");
        sb.append("  fi\n");
        sb.append("  COMPREPLY=( $(compgen -W \"$words\" -- \"$cur\") )\n");
        sb.append("}\n");
        sb.append("complete -o default -F _mig mig\n");
        return sb.toString();
    }

    static String zsh(List<String> targets) {
        return "# mig completion (zsh, through bashcompinit): source <(mig completion zsh)\n"
                + "(( $+functions[compdef] )) || { autoload -U +X compinit && compinit }\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash(targets).lines().skip(1).collect(Collectors.joining("\n", "", "\n"));
    }

    static String fish(List<String> targets) {
        StringBuilder sb = new StringBuilder();
        sb.append("# mig completion (fish): mig completion fish | source\n");
        // __mig_at W...: the words after mig are exactly W...; __mig_in W...: they start with W...
        sb.append("function __mig_at\n    set -l w (commandline -opc)\n    test (count $w) -eq (math (count $argv) + 1)"
                + "; and __mig_in $argv\nend\n");
        sb.append("function __mig_in\n    set -l w (commandline -opc)\n    test (count $w) -gt (count $argv); or return 1\n"
                + "    for i in (seq (count $argv))\n        test \"$w[(math $i + 1)]\" = \"$argv[$i]\"; or return 1\n"
                + "    end\nend\n");
        sb.append("complete -c mig -f\n");
        sb.append("complete -c mig -n '__mig_at' -a '").append(w(firstWords())).append("'\n");
        COMMANDS.forEach((command, subs) -> subs.forEach((sub, words) -> {
            String cond = sub.equals(NONE) ? "__mig_in " + command : "__mig_in " + command + " " + sub;
            List<String> flags = words.stream().filter(x -> x.startsWith("-")).toList();
            List<String> plain = words.stream().filter(x -> !x.startsWith("-")).toList();
            if (!plain.isEmpty()) {
                sb.append("complete -c mig -n '__mig_at ").append(command).append("' -a '").append(w(plain)).append("'\n");
            }
            fishFlags(sb, cond, flags, targets, List.of());
        }));
        COMMANDS.forEach((command, subs) -> {
            if (!subs.containsKey(NONE)) {
                sb.append("complete -c mig -n '__mig_at ").append(command).append("' -a '")
                        .append(w(List.copyOf(subs.keySet()))).append("'\n");
            }
        });
        for (String m : ModuleFlagsRegistry.names()) {
            fishFlags(sb, "__mig_in " + m, moduleWords(m), targets, ModuleFlagsRegistry.valueFlagNames(m));
        }
        return sb.toString();
    }

    /**
     * One fish line per flag: old-style (single dash) options, with their values where there are some;
     * {@code fileValued}: flags followed by a file name.
     */
    private static void fishFlags(StringBuilder sb, String cond, List<String> flags, List<String> targets,
                                  List<String> fileValued) {
        for (String f : flags) {
            String name = f.substring(1);
            sb.append("complete -c mig -n '").append(cond).append("' -o ").append(name);
            switch (f) {
                case "-t" -> sb.append(" -x -a '").append(w(targets)).append("'");
                case "-show" -> sb.append(" -x -a '").append(w(GlobalFlags.SHOW)).append("'");
                case "-render" -> sb.append(" -x -a '").append(w(ActionResults.RENDERS)).append("'");
                case "-c", "-i" -> sb.append(" -r -F");
                default -> sb.append(fileValued.contains(f) ? " -r -F" : "");
            }
            sb.append('\n');
        }
    }
}
