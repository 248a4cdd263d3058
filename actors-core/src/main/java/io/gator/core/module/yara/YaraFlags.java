package io.gator.core.module.yara;

import static io.gator.core.module.flag.Flag.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import io.gator.core.module.flag.InvalidFlagException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code mig yara} flags, help text and checks, as MIG's: the rules file is read here, not compiled. */
final class YaraFlags {
    private YaraFlags() {}

    static final String HELP = "Query parameters\n"
            + "----------------\n"
            + "-rules <path>     - yara rules path\n"
            + "\t\t    ex: path ./myrules.yar\n"
            + "\t\t    processes yara rules on agent\n"
            + "\n"
            + "-files <spec>     - scan files using rules\n"
            + "                    ex: files '-path /bin -path /sbin -name ssh'\n"
            + "\t\t    indicate files that should be scanned, argument is\n"
            + "\t\t    parameters as supplied to the file module for scanning,\n"
            + "\t\t    each matching file will be scanned using rules. see the\n"
            + "\t\t    help output for the file module for available options.\n";

    static FlagForm form() {
        return FlagForm.migHelpWithoutArguments(java.util.List.of(
                value("-rules", "string", "", "see help"),
                value("-files", "string", "", "see help")), YaraFlags::parameters, HELP);
    }

    private static JsonNode parameters(FlagValues v) {
        String path = v.value("-rules");
        if (path.isEmpty()) {
            throw new InvalidFlagException("-rules option is required");
        }
        String rules = v.clientContent().map(b -> new String(b, StandardCharsets.UTF_8)).orElseGet(() -> read(path));
        String files = v.value("-files");
        if (files.isEmpty()) {
            throw new InvalidFlagException("-files option is required");
        }
        YaraModule.check(rules, files).ifPresent(r -> {
            throw new InvalidFlagException(r.message(), r.usage());
        });
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("yara", rules);
        p.put("filesearch", files);
        return p;
    }

    /** The rules file's text, or Go's {@code os.ReadFile} error. */
    private static String read(String path) {
        try {
            return new String(Files.readAllBytes(Path.of(path)), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidFlagException("open " + path + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new InvalidFlagException("open " + path + ": permission denied");
        } catch (IOException e) {
            if (Files.isDirectory(Path.of(path))) {
                throw new InvalidFlagException("read " + path + ": is a directory");
            }
            throw new InvalidFlagException("open " + path + ": " + e.getMessage());
        }
    }
}
