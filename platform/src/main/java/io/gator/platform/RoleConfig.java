package io.gator.platform;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a role's HOCON file over every module's reference.conf. */
public final class RoleConfig {

    /** System property {@code bin/gator} sets to the checkout, so default config paths work from any directory. */
    public static final String HOME_PROPERTY = "gator.home";

    private RoleConfig() {}

    /** {@code <gator.home or .>/config/<role>.conf}. */
    public static Path defaultFile(String role) {
        return Path.of(System.getProperty(HOME_PROPERTY, "."), "config", role + ".conf");
    }

    /**
     * The file, then system properties ({@code -Dgator...} overrides), then reference.conf, resolved.
     *
     * @throws IllegalArgumentException naming the file and what is wrong in it
     */
    public static Config load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file " + file + " not found (give one with -c FILE)");
        }
        try {
            Config parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            return ConfigFactory.load(parsed);
        } catch (ConfigException e) {
            // Typesafe Config's messages usually start with "<file>: <line>:"; add the file when they do not.
            String message = e.getMessage().contains(file.toString()) ? e.getMessage() : file + ": " + e.getMessage();
            throw new IllegalArgumentException("config file " + message, e);
        }
    }
}
