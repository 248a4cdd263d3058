package io.gator.core.module.yara;

import java.util.List;

/**
 * One scanned file that matched.
 *
 * @param object       the file's path
 * @param matchedRules the identifiers of the rules it matched, in the rules' order
 */
public record YaraMatch(String object, List<String> matchedRules) {
    public YaraMatch {
        object = object == null ? "" : object;
        matchedRules = matchedRules == null ? List.of() : List.copyOf(matchedRules);
    }
}
