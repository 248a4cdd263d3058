package io.gator.agent.persist.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A two-way table of names and numbers read from a resource of {@code <name> <number>} or {@code <number> <name>}
 * lines ({@code #} starts a comment): the x86_64 system calls and the audit message types.
 */
final class NameTable {
    static final NameTable SYSCALLS = load("x86_64-syscalls.txt", false);
    static final NameTable MESSAGE_TYPES = load("message-types.txt", true);

    private final Map<String, Integer> byName;
    private final Map<Integer, String> byNumber;

    private NameTable(Map<String, Integer> byName, Map<Integer, String> byNumber) {
        this.byName = Map.copyOf(byName);
        this.byNumber = Map.copyOf(byNumber);
    }

    Optional<Integer> number(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    Optional<String> name(int number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    private static NameTable load(String resource, boolean numberFirst) {
        Map<String, Integer> byName = new HashMap<>();
        Map<Integer, String> byNumber = new HashMap<>();
        try (InputStream in = NameTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] p = line.trim().split("\\s+");
                String name = numberFirst ? p[1] : p[0];
                int number = Integer.parseInt(numberFirst ? p[0] : p[1]);
                byName.putIfAbsent(name, number);
                byNumber.putIfAbsent(number, name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new NameTable(byName, byNumber);
    }
}
