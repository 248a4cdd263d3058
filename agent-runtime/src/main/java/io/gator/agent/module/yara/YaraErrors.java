package io.gator.agent.module.yara;

import java.util.Map;

/** libyara's error codes in the words of MIG's yara binding (go-yara), which MIG's results carry. */
final class YaraErrors {
    private static final Map<Integer, String> TEXTS = Map.ofEntries(
            Map.entry(1, "insufficient memory"), Map.entry(2, "could not attach to process"),
            Map.entry(3, "could not open file"), Map.entry(4, "could not map file"), Map.entry(6, "invalid file"),
            Map.entry(7, "corrupt file"), Map.entry(8, "unsupported file version"),
            Map.entry(9, "invalid regular expression"), Map.entry(10, "invalid hex string"),
            Map.entry(11, "syntax error"), Map.entry(12, "loop nesting limit exceeded"),
            Map.entry(13, "duplicated loop identifier"), Map.entry(14, "duplicated identifier"),
            Map.entry(15, "duplicated tag identifier"), Map.entry(16, "duplicated meta identifier"),
            Map.entry(17, "duplicated string identifier"), Map.entry(18, "unreferenced string"),
            Map.entry(19, "undefined string"), Map.entry(20, "undefined identifier"),
            Map.entry(21, "misplaced anonymous string"), Map.entry(22, "includes circular reference"),
            Map.entry(23, "include depth exceeded"), Map.entry(24, "wrong type"),
            Map.entry(25, "exec stack overflow"), Map.entry(26, "scan timeout"),
            Map.entry(27, "too many scan threads"), Map.entry(28, "callback error"),
            Map.entry(29, "invalid argument"), Map.entry(30, "too many matches"),
            Map.entry(31, "internal fatal error"), Map.entry(32, "nested for of loop"),
            Map.entry(33, "invalid field name"), Map.entry(34, "unknown module"), Map.entry(35, "not a structure"),
            Map.entry(36, "not indexable"), Map.entry(37, "not a function"), Map.entry(38, "invalid format"),
            Map.entry(39, "too many arguments"), Map.entry(40, "wrong arguments"),
            Map.entry(41, "wrong return type"), Map.entry(42, "duplicated structure member"));

    private YaraErrors() {}

    static String text(int code) {
        String t = TEXTS.get(code);
        return t != null ? t : "unknown error " + code;
    }
}
