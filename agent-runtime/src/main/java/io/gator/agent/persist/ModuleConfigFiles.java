package io.gator.agent.persist;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a persistent module's configuration comes from: {@code <confdir>/<name>.cfg} (MIG's INI) or, when there is
 * none, {@code <confdir>/<name>.conf} (HOCON with the same sections, e.g. {@code paths.path = ["/etc"]}). Neither
 * file: empty settings, as MIG's zero configuration. Read again at each start of the module, so an edited file
 * takes effect at the next restart.
 *
 * @param confDir the directory ({@code gator.agent.persistent.conf-dir}; MIG's {@code /etc/mig})
 */
public record ModuleConfigFiles(Path confDir) {

    /** The module's settings; {@link PersistentConfigException} naming the file when it cannot be used. */
    public ModuleSettings read(String name) {
        Path ini = confDir.resolve(name + ".cfg");
        Path hocon = confDir.resolve(name + ".conf");
        try {
            if (Files.isRegularFile(ini)) {
                return IniSettings.parse(Files.readString(ini, StandardCharsets.UTF_8), ini.toString());
            }
            if (Files.isRegularFile(hocon)) {
                return fromHocon(ConfigFactory.parseFile(hocon.toFile(),
                        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)).resolve(), hocon.toString());
            }
        } catch (IOException e) {
            throw new PersistentConfigException("cannot read " + ini + ": " + e.getMessage());
        } catch (ConfigException e) {
            throw new PersistentConfigException(e.getMessage());
        }
        return ModuleSettings.empty();
    }

    /** Sections of keys from HOCON: each top-level object is a section, a list gives a repeated key. */
    static ModuleSettings fromHocon(Config c, String source) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> s : c.root().entrySet()) {
            if (s.getValue().valueType() != ConfigValueType.OBJECT) {
                throw new PersistentConfigException(source + ": " + s.getKey() + " must be a section (an object)");
            }
            Map<String, List<String>> keys = new LinkedHashMap<>();
            Config section = ((com.typesafe.config.ConfigObject) s.getValue()).toConfig();
            for (Map.Entry<String, ConfigValue> k : section.root().entrySet()) {
                List<String> values = new ArrayList<>();
                ConfigValue v = k.getValue();
                if (v.valueType() == ConfigValueType.LIST) {
                    for (ConfigValue item : (ConfigList) v) {
                        values.add(scalar(item, source, s.getKey() + "." + k.getKey()));
                    }
                } else {
                    values.add(scalar(v, source, s.getKey() + "." + k.getKey()));
                }
                keys.put(k.getKey(), values);
            }
            sections.put(s.getKey(), keys);
        }
        return ModuleSettings.of(sections);
    }

    private static String scalar(ConfigValue v, String source, String key) {
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            throw new PersistentConfigException(source + ": " + key + " must be a value or a list of values");
        }
        return v.valueType() == ConfigValueType.NULL ? "" : String.valueOf(v.unwrapped());
    }
}
