package io.gator.core.module.scribe;

import java.util.Optional;

/**
 * An object of a document: where test values come from. Of the five sources, the first one set counts, in the order
 * package, filecontent, filename, raw, hasline.
 */
public record ScribeObject(String object, FileContentSource fileContent, FileNameSource fileName, PackageSource pkg,
        RawSource raw, HasLineSource hasLine) {
    public ScribeObject {
        object = object == null ? "" : object;
        fileContent = fileContent == null ? FileContentSource.EMPTY : fileContent;
        fileName = fileName == null ? FileNameSource.EMPTY : fileName;
        pkg = pkg == null ? PackageSource.EMPTY : pkg;
        raw = raw == null ? RawSource.EMPTY : raw;
        hasLine = hasLine == null ? HasLineSource.EMPTY : hasLine;
    }

    /** The source that counts: a {@link PackageSource}, {@link FileContentSource}, ... or none. */
    public Optional<ObjectSource> source() {
        if (!pkg.name().isEmpty()) {
            return Optional.of(pkg);
        }
        if (!fileContent.path().isEmpty()) {
            return Optional.of(fileContent);
        }
        if (!fileName.path().isEmpty()) {
            return Optional.of(fileName);
        }
        if (!raw.identifiers().isEmpty()) {
            return Optional.of(raw);
        }
        if (!hasLine.path().isEmpty()) {
            return Optional.of(hasLine);
        }
        return Optional.empty();
    }

    /** Whether this object is only run from another object's import chain ({@code ${chain_root}} in its path). */
    public boolean isChain() {
        return source().filter(s -> s instanceof FileContentSource f && f.path().contains("${chain_root}")).isPresent();
    }
}
