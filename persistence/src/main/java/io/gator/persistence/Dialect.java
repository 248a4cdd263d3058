package io.gator.persistence;

import java.util.Locale;

/** The two databases Gator runs on: PostgreSQL in production, H2 for the embedded mode. */
public enum Dialect {
    POSTGRES("org.postgresql.Driver", "slick.jdbc.PostgresProfile$", "postgres-dialect"),
    H2("org.h2.Driver", "slick.jdbc.H2Profile$", "h2-dialect");

    public final String driver;
    public final String slickProfile;
    public final String projectionDialect;

    Dialect(String driver, String slickProfile, String projectionDialect) {
        this.driver = driver;
        this.slickProfile = slickProfile;
        this.projectionDialect = projectionDialect;
    }

    /** Parses {@code gator.persistence.dialect}; names the accepted values when it is wrong. */
    public static Dialect of(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "postgres", "postgresql" -> POSTGRES;
            case "h2" -> H2;
            default -> throw new IllegalArgumentException(
                    "gator.persistence.dialect must be \"postgres\" or \"h2\", not \"" + name + "\"");
        };
    }

    /** The dialect a JDBC URL points at. */
    public static Dialect ofUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("unsupported JDBC URL (PostgreSQL or H2 only): " + url);
    }
}
