package io.gator.core.module.pkg;

/** One installed package: name, version, type ({@code dpkg} or {@code rpm}) and architecture. */
public record PackageInfo(String name, String version, String type, String arch) {
    public PackageInfo {
        name = name == null ? "" : name;
        version = version == null ? "" : version;
        type = type == null ? "" : type;
        arch = arch == null ? "" : arch;
    }
}
