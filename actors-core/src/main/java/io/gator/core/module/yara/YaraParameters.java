package io.gator.core.module.yara;

/**
 * The yara module's parameters.
 *
 * @param rules      YARA rules, as source text
 * @param fileSearch the files to scan, as the file module's command line ({@code -path /bin -name ssh}); empty
 *                   scans nothing
 */
public record YaraParameters(String rules, String fileSearch) {
    public YaraParameters {
        rules = rules == null ? "" : rules;
        fileSearch = fileSearch == null ? "" : fileSearch;
    }
}
