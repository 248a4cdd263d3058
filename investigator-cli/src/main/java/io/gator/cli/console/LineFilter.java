package io.gator.cli.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * MIG console's output filters: a command followed by {@code | grep REGEX} or {@code | grep -v REGEX}, any number
 * of times; a line is printed when it passes every filter.
 *
 * @param command the words before the first pipe
 */
public record LineFilter(List<String> command, List<Pattern> keep, List<Pattern> drop) {
    public static LineFilter parse(List<String> words) {
        int pipe = words.indexOf("|");
        if (pipe < 0) {
            return new LineFilter(List.copyOf(words), List.of(), List.of());
        }
        List<Pattern> keep = new ArrayList<>();
        List<Pattern> drop = new ArrayList<>();
        List<String> rest = words.subList(pipe, words.size());
        for (int i = 0; i < rest.size(); ) {
            if (!rest.get(i).equals("|") || i + 1 >= rest.size() || !rest.get(i + 1).equals("grep")) {
                throw new IllegalArgumentException("a filter is '| grep REGEX' or '| grep -v REGEX'");
            }
            boolean invert = i + 2 < rest.size() && rest.get(i + 2).equals("-v");
            int re = i + (invert ? 3 : 2);
            if (re >= rest.size() || rest.get(re).equals("|")) {
                throw new IllegalArgumentException("grep needs a regular expression");
            }
            (invert ? drop : keep).add(compile(rest.get(re)));
            i = re + 1;
        }
        return new LineFilter(List.copyOf(words.subList(0, pipe)), keep, drop);
    }

    static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription());
        }
    }

    public boolean filters() {
        return !keep.isEmpty() || !drop.isEmpty();
    }

    public boolean passes(String line) {
        return keep.stream().allMatch(p -> p.matcher(line).find()) && drop.stream().noneMatch(p -> p.matcher(line).find());
    }
}
