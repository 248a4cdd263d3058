package io.gator.api.loader;

import com.typesafe.config.Config;
import io.gator.core.manifest.ManifestArchive;

/** {@code gator.api.manifest} and {@code gator.api.loader} (see reference.conf for each key). */
public record LoaderSettings(int requiredSignatures, long manifestBodyLimit, ManifestArchive.Limits archiveLimits,
                             long loaderBodyLimit, int archiveCacheEntries) {
    public static final LoaderSettings DEFAULTS = new LoaderSettings(2, 64L << 20,
            new ManifestArchive.Limits(64, 128L << 20, 256L << 20), 64L << 10, 2);

    public LoaderSettings {
        if (requiredSignatures < 1) {
            throw new IllegalArgumentException("gator.api.manifest.required-signatures must be at least 1, got "
                    + requiredSignatures);
        }
        if (manifestBodyLimit <= 0 || loaderBodyLimit <= 0) {
            throw new IllegalArgumentException("gator.api.manifest.body-limit and gator.api.loader.body-limit "
                    + "must be positive");
        }
        if (archiveCacheEntries < 0) {
            throw new IllegalArgumentException("gator.api.loader.archive-cache-entries must be 0 or more");
        }
    }

    public static LoaderSettings fromConfig(Config root) {
        Config m = root.getConfig("gator.api.manifest");
        Config l = root.getConfig("gator.api.loader");
        return new LoaderSettings(m.getInt("required-signatures"), m.getBytes("body-limit"),
                new ManifestArchive.Limits(m.getInt("max-files"), m.getBytes("max-file-bytes"),
                        m.getBytes("max-total-bytes")),
                l.getBytes("body-limit"), l.getInt("archive-cache-entries"));
    }

    public LoaderSettings withRequiredSignatures(int n) {
        return new LoaderSettings(n, manifestBodyLimit, archiveLimits, loaderBodyLimit, archiveCacheEntries);
    }
}
