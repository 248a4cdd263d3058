package io.gator.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The agent's queue location {@code <os>.<random id>} (MIG's scheme). The random id is kept in the
 * run directory so a restarted agent finds its queue, and whatever waits in it, again.
 */
public final class QueueLocation {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 80;

    private QueueLocation() {}

    /** Reads {@code <runDir>/agent.id}, creating it with a fresh random id the first time. */
    public static String loadOrCreate(Path runDir, String os) {
        Path file = runDir.resolve("agent.id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (id.matches("[a-z0-9]{16,}")) {
                    return os + "." + id;
                }
                throw new IllegalStateException(file + " does not hold a valid agent id");
            }
            Files.createDirectories(runDir);
            String id = randomId(new SecureRandom());
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return os + "." + id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the agent id in " + file, e);
        }
    }

    /** A fresh random id (also used by the fleet simulator). */
    public static String randomId(java.util.Random random) {
        StringBuilder sb = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
