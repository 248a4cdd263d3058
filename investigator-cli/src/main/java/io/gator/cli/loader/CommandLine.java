package io.gator.cli.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words after {@code mig loader|manifest <sub-command>}: Go-style flags ({@code -f v}, {@code -f=v},
 * {@code --f v}) anywhere among the positional words; {@code -c FILE} and {@code -json} known everywhere.
 */
record CommandLine(List<String> positional, Map<String, String> values, Set<String> switches,
                   Optional<Path> migrc) {

    static CommandLine parse(List<String> args, Set<String> valueFlags, Set<String> boolFlags, String usage) {
        List<String> positional = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        java.util.Set<String> switches = new java.util.LinkedHashSet<>();
        Optional<Path> migrc = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String raw = args.get(i);
            if (!raw.startsWith("-") || raw.equals("-")) {
                positional.add(raw);
                continue;
            }
            io.gator.cli.launch.GlobalFlags.FlagWord word = io.gator.cli.launch.GlobalFlags.FlagWord.of(raw);
            String flag = word.flag();
            String inline = word.inline();
            if (flag.equals("-json") || boolFlags.contains(flag)) {
                if (inline != null && !inline.equals("true")) {
                    throw new IllegalArgumentException("flag " + flag + " takes no value\n" + usage);
                }
                switches.add(flag);
                continue;
            }
            if (!flag.equals("-c") && !valueFlags.contains(flag)) {
                throw new IllegalArgumentException("unknown flag '" + raw + "'\n" + usage);
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("flag needs an argument: " + raw + "\n" + usage);
                }
                value = args.get(++i);
            }
            if (flag.equals("-c")) {
                migrc = Optional.of(Path.of(value));
            } else if (values.putIfAbsent(flag, value) != null) {
                throw new IllegalArgumentException("flag " + flag + " given twice\n" + usage);
            }
        }
        return new CommandLine(List.copyOf(positional), values, Set.copyOf(switches), migrc);
    }

    boolean json() {
        return switches.contains("-json");
    }

    Optional<String> value(String flag) {
        return Optional.ofNullable(values.get(flag));
    }

    /** The positional word at {@code i}, or a usage error naming it. */
    String need(int i, String what, String usage) {
        if (positional.size() <= i) {
            throw new IllegalArgumentException("missing " + what + "\n" + usage);
        }
        return positional.get(i);
    }

    /** A positive id at {@code i}. */
    long id(int i, String what, String usage) {
        String s = need(i, what + " id", usage);
        try {
            long id = Long.parseLong(s);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("invalid " + what + " id '" + s + "': a positive integer");
    }

    /** Refuses positional words past {@code n}. */
    CommandLine atMost(int n, String usage) {
        if (positional.size() > n) {
            throw new IllegalArgumentException("unexpected '" + positional.get(n) + "'\n" + usage);
        }
        return this;
    }
}
