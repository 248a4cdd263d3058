package io.gator.core.module.file;

/** One element of a search's results; an empty {@code file} says the search matched nothing. */
public record MatchedFile(String file, FileSearch search, FileInfo fileInfo) {
    public MatchedFile {
        file = file == null ? "" : file;
        fileInfo = fileInfo == null ? FileInfo.EMPTY : fileInfo;
    }
}
