package io.gator.agent.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.agent.command.AnsweredCommands.Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnsweredCommandsTest {
    @TempDir
    Path dir;

    @Test
    void whatOneInstanceAnsweredAnotherReadsBackFromTheFile() {
        Path f = dir.resolve("state/answered-commands");
        AnsweredCommands first = AnsweredCommands.open(10, Optional.of(f));
        first.add(new Key(10, 1));
        first.add(new Key(20, 2));
        AnsweredCommands second = AnsweredCommands.open(10, Optional.of(f));
        assertTrue(second.contains(new Key(10, 1)));
        assertTrue(second.contains(new Key(20, 2)));
        assertFalse(second.contains(new Key(10, 2)));
        assertFalse(Files.exists(dir.resolve("state/answered-commands.tmp")), "the temporary file is renamed");
    }

    @Test
    void onlyTheLastCapacityCommandsAreKept() throws Exception {
        Path f = dir.resolve("answered-commands");
        AnsweredCommands a = AnsweredCommands.open(3, Optional.of(f));
        for (long i = 1; i <= 5; i++) {
            a.add(new Key(i, i));
        }
        assertEquals(3, Files.readAllLines(f).size());
        AnsweredCommands b = AnsweredCommands.open(3, Optional.of(f));
        assertFalse(b.contains(new Key(2, 2)));
        assertTrue(b.contains(new Key(3, 3)) && b.contains(new Key(5, 5)));
    }

    @Test
    void aMissingFileStartsEmptyAndAnOversizedOneIsReadFromItsTailOnly() throws Exception {
        assertEquals(0, AnsweredCommands.open(5, Optional.of(dir.resolve("none"))).size());
        Path f = dir.resolve("big");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            sb.append(i).append(' ').append(i).append('\n');
        }
        Files.writeString(f, sb);
        AnsweredCommands a = AnsweredCommands.open(5, Optional.of(f));
        assertTrue(a.contains(new Key(99_999, 99_999)));
        assertEquals(5, a.size());
    }

    @Test
    void aCorruptFileCostsOnlyItsBadLines() throws Exception {
        Path f = dir.resolve("answered-commands");
        Files.write(f, new byte[] {'7', ' ', '8', '\n', 0, 1, 2, (byte) 0xff, '\n', 'x', ' ', 'y', '\n', '9'});
        AnsweredCommands a = AnsweredCommands.open(10, Optional.of(f));
        assertTrue(a.contains(new Key(7, 8)));
        assertEquals(1, a.size(), "the garbage and the half line are skipped");
        a.add(new Key(1, 2));
        assertEquals("7 8\n1 2\n", Files.readString(f), "rewritten clean");
    }

    @Test
    void anUnwritableStateDirectoryKeepsTheMemoryInProcess() throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "not a directory");
        AnsweredCommands a = AnsweredCommands.open(10, Optional.of(blocker.resolve("answered-commands")));
        a.add(new Key(1, 1));
        assertTrue(a.contains(new Key(1, 1)));
    }
}
