package io.gator.core.module.file;

import java.util.List;

/** One labelled file search (MIG's {@code Search}). Filters are regexes/size/mtime/hash strings as sent. */
public record FileSearch(String description, List<String> paths, List<String> contents, List<String> names,
        List<String> sizes, List<String> modes, List<String> mtimes, List<String> md5, List<String> sha1,
        List<String> sha2, List<String> sha3, FileOptions options) {
    public FileSearch {
        description = description == null ? "" : description;
        paths = copy(paths);
        contents = copy(contents);
        names = copy(names);
        sizes = copy(sizes);
        modes = copy(modes);
        mtimes = copy(mtimes);
        md5 = copy(md5);
        sha1 = copy(sha1);
        sha2 = copy(sha2);
        sha3 = copy(sha3);
        options = options == null ? FileOptions.defaults() : options;
    }

    private static List<String> copy(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /** A search with only paths and options, filters added with the {@code with*} methods. */
    public static FileSearch of(List<String> paths, FileOptions options) {
        return new FileSearch("", paths, null, null, null, null, null, null, null, null, null, options);
    }

    public FileSearch withPaths(List<String> v) {
        return new FileSearch(description, v, contents, names, sizes, modes, mtimes, md5, sha1, sha2, sha3, options);
    }

    public FileSearch withContents(List<String> v) {
        return new FileSearch(description, paths, v, names, sizes, modes, mtimes, md5, sha1, sha2, sha3, options);
    }

    public FileSearch withNames(List<String> v) {
        return new FileSearch(description, paths, contents, v, sizes, modes, mtimes, md5, sha1, sha2, sha3, options);
    }

    public FileSearch withSizes(List<String> v) {
        return new FileSearch(description, paths, contents, names, v, modes, mtimes, md5, sha1, sha2, sha3, options);
    }

    public FileSearch withModes(List<String> v) {
        return new FileSearch(description, paths, contents, names, sizes, v, mtimes, md5, sha1, sha2, sha3, options);
    }

    public FileSearch withMtimes(List<String> v) {
        return new FileSearch(description, paths, contents, names, sizes, modes, v, md5, sha1, sha2, sha3, options);
    }

    public FileSearch withMd5(List<String> v) {
        return new FileSearch(description, paths, contents, names, sizes, modes, mtimes, v, sha1, sha2, sha3, options);
    }

    public FileSearch withSha1(List<String> v) {
        return new FileSearch(description, paths, contents, names, sizes, modes, mtimes, md5, v, sha2, sha3, options);
    }

    public FileSearch withSha2(List<String> v) {
        return new FileSearch(description, paths, contents, names, sizes, modes, mtimes, md5, sha1, v, sha3, options);
    }

    public FileSearch withSha3(List<String> v) {
        return new FileSearch(description, paths, contents, names, sizes, modes, mtimes, md5, sha1, sha2, v, options);
    }

    public FileSearch withOptions(FileOptions v) {
        return new FileSearch(description, paths, contents, names, sizes, modes, mtimes, md5, sha1, sha2, sha3, v);
    }
}
