package io.gator.agent.module.yara;

import java.util.List;

/**
 * One file's scan.
 *
 * @param rules the identifiers of the rules that matched, in their declaration order
 * @param error why the scan failed, in MIG's words; empty when it did not
 */
record Scanned(List<String> rules, String error) {
    Scanned {
        rules = List.copyOf(rules);
    }

    boolean failed() {
        return !error.isEmpty();
    }
}
