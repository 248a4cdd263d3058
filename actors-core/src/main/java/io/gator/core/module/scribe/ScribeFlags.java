package io.gator.core.module.scribe;

import static io.gator.core.module.flag.Flag.toggle;
import static io.gator.core.module.flag.Flag.value;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import io.gator.core.module.flag.InvalidFlagException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** {@code mig scribe} flags: the document is read and checked here, on the investigator's machine, as MIG does. */
final class ScribeFlags {
    private ScribeFlags() {}

    static final String HELP = """
            Query parameters
            ----------------
            -path <path>      - scribe processor
            \t\t    ex: scribe ./mytests.json
            \t\t    process scribe document on agent

            -onlytrue <bool>  - only true evaluations
                                ex: onlytrue true
            \t\t    just return document tests that evaluate to true

            -human <bool>     - human output mode
                                ex: human true
            \t\t    write results in extended format

            -json <bool>      - json output mode
                                ex: json true
            \t\t    write results as JSON documents
            """;

    static FlagForm form() {
        return FlagForm.migHelpWithoutArguments(List.of(
                value("-path", "string", "", "see help"),
                toggle("-human", "see help"),
                toggle("-json", "see help"),
                toggle("-onlytrue", "see help")), ScribeFlags::parameters, HELP);
    }

    private static JsonNode parameters(FlagValues v) {
        String path = v.value("-path");
        if (path.isEmpty()) {
            throw new InvalidFlagException("-path option is required");
        }
        ScribeDocument doc;
        try {
            doc = DocumentLoader.load(v.clientContent().orElseGet(() -> read(v.clientFile(path), path)));
        } catch (DocumentLoader.Refused e) {
            throw new InvalidFlagException(e.getMessage());
        }
        return ScribeModule.INSTANCE.toJson(new ScribeParameters(doc, v.isSet("-onlytrue"), v.isSet("-human"), v.isSet("-json")));
    }

    /** The file's bytes, or Go's {@code os.Open}/read error naming the path as given. */
    private static byte[] read(Path file, String given) {
        try {
            if (Files.isDirectory(file)) {
                throw new InvalidFlagException("read " + given + ": is a directory");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidFlagException("open " + given + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new InvalidFlagException("open " + given + ": permission denied");
        } catch (IOException e) {
            throw new InvalidFlagException("open " + given + ": " + e.getMessage());
        }
    }
}
