package io.gator.core.module.memory;

import java.util.List;

/**
 * One labelled memory search: process name, library and content regexes, and hex byte strings.
 *
 * @param offset    where in each process's memory reading starts (0: the beginning)
 * @param maxLength how many bytes of each process are read at most (0: no limit)
 */
public record MemorySearch(String description, List<String> names, List<String> libraries, List<String> bytes,
        List<String> contents, long offset, long maxLength, boolean logFailures, boolean matchAll) {
    public MemorySearch {
        description = description == null ? "" : description;
        names = names == null ? List.of() : List.copyOf(names);
        libraries = libraries == null ? List.of() : List.copyOf(libraries);
        bytes = bytes == null ? List.of() : List.copyOf(bytes);
        contents = contents == null ? List.of() : List.copyOf(contents);
    }
}
