package io.gator.agent.persist.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** User names and ids from {@code <root>/etc/passwd}, as Go's pure user lookup reads them. */
final class Passwd {
    private final Map<String, String> nameById = new HashMap<>();
    private final Map<String, String> idByName = new HashMap<>();

    Passwd(Path root) {
        Path file = root.resolve("etc/passwd");
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] p = line.split(":", -1);
                if (p.length >= 3 && !line.startsWith("#")) {
                    nameById.putIfAbsent(p[2], p[0]);
                    idByName.putIfAbsent(p[0], p[2]);
                }
            }
        } catch (IOException e) {
            // no passwd file: every lookup fails, as it would in Go
        }
    }

    Optional<String> name(String uid) {
        return Optional.ofNullable(nameById.get(uid));
    }

    Optional<String> uid(String name) {
        return Optional.ofNullable(idByName.get(name));
    }
}
