package io.gator.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's line syntax, MIG's search syntax and its filters; no server. */
class ConsoleParsingTest {
    @Test
    void wordsSplitOnBlanksAndQuotesGroupWithoutEatingBackslashes() {
        assertEquals(List.of("file", "-name", "^pass wd$", "-content", "\\d+", "x"),
                Words.split("  file -name '^pass wd$'\t-content \"\\d+\" x "));
        assertEquals(List.of(), Words.split("   "));
        assertThrows(IllegalArgumentException.class, () -> Words.split("search 'agent"));
    }

    @Test
    void searchMapsMigKeysOntoTheApiQueryWithWildcardsAndDefaultLimit() {
        SearchQuery q = SearchQuery.parse(Words.split("agent where name=*web% and status=online"));
        assertEquals("search?type=agent&agentname=%25web%25&status=online&limit=100", q.path());
        assertEquals("search?type=command&actionname=memory&foundanything=true&limit=5",
                SearchQuery.parse(Words.split("command where name=memory and foundanything=true limit=5")).path());
        assertEquals("search?type=investigator&investigatorname=alice&limit=100",
                SearchQuery.parse(List.of("investigator", "where", "name=alice")).path());
        assertEquals("search?type=action&after=2026-01-02T03%3A04%3A05Z&limit=100",
                SearchQuery.parse(List.of("action", "where", "after=2026-01-02T03:04:05Z")).path());
        assertEquals("search?type=action&limit=100", SearchQuery.parse(List.of("action")).path());
    }

    @Test
    void badSearchesSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchQuery.parse(List.of("widget")))
                .getMessage().startsWith("usage: search <action|agent|command|investigator|loader|manifest>"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchQuery.parse(List.of("agent", "with", "x=1")))
                .getMessage().contains("expected keyword 'where'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchQuery.parse(List.of("agent", "where", "colour=red")))
                .getMessage().contains("unknown search key 'colour'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchQuery.parse(List.of("agent", "where", "after=yesterday")))
                .getMessage().contains("RFC3339"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchQuery.parse(List.of("agent", "where", "limit=-1")))
                .getMessage().contains("positive integer"));
        assertThrows(IllegalArgumentException.class, () -> SearchQuery.parse(List.of("agent", "where", "name=a=b")));
    }

    @Test
    void pipesToGrepKeepAndDropLines() {
        LineFilter f = LineFilter.parse(Words.split("results all | grep web | grep -v web2"));
        assertEquals(List.of("results", "all"), f.command());
        assertTrue(f.passes("web1 found"));
        assertFalse(f.passes("web2 found"));
        assertFalse(f.passes("db1 found"));
        assertFalse(LineFilter.parse(List.of("details")).filters());
        assertThrows(IllegalArgumentException.class, () -> LineFilter.parse(Words.split("results | sort")));
        assertThrows(IllegalArgumentException.class, () -> LineFilter.parse(Words.split("results | grep")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LineFilter.parse(Words.split("results | grep (")))
                .getMessage().contains("invalid regular expression"));
    }

    @Test
    void historyFileComesFromTheFlagThenTheEnvironmentThenHome() {
        assertEquals(Path.of("/tmp/h"), Console.historyFile(List.of("-history", "/tmp/h"), Map.of("HOME", "/home/a")::get));
        assertEquals(Path.of("/tmp/e"), Console.historyFile(List.of(),
                Map.of("HOME", "/home/a", Console.HISTORY_ENV, "/tmp/e")::get));
        assertEquals(Path.of("/home/a/.mig_console_history"), Console.historyFile(List.of(), Map.of("HOME", "/home/a")::get));
        assertThrows(IllegalArgumentException.class, () -> Console.historyFile(List.of("-bogus"), Map.<String, String>of()::get));
    }
}
