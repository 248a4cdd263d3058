package io.gator.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.cli.module.ModuleFlagsRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What tab offers in each context; no server. */
class ConsoleCompleterTest {
    private static final ConsoleContext TOP = new ConsoleContext.TopLevel();

    private static List<String> at(ConsoleContext ctx, String... before) {
        return ConsoleCompleter.candidates(ctx, List.of(before));
    }

    @Test
    void theFirstWordIsAnOrderOfTheContextOrAModule() {
        List<String> top = at(TOP);
        assertTrue(top.containsAll(List.of("status", "search", "action", "agent", "investigator", "create", "help",
                "exit", "quit")), top.toString());
        assertTrue(top.containsAll(ModuleFlagsRegistry.names()), top.toString());
        assertTrue(top.contains("file"), top.toString());
        List<String> action = at(new ConsoleContext.InAction(1));
        assertTrue(action.containsAll(List.of("details", "counters", "commands", "results", "grep", "json", "cancel",
                "copy", "exit")), action.toString());
        assertFalse(action.contains("file"), action.toString());
        assertTrue(at(new ConsoleContext.InInvestigator(1)).containsAll(List.of("enable", "disable", "apikey", "pubkey")));
        assertTrue(at(new ConsoleContext.InAgent(1)).containsAll(List.of("details", "lastactions")));
    }

    @Test
    void searchCompletesTypesThenWhereThenKeysAndAnd() {
        assertEquals(List.of("action", "agent", "command", "investigator", "loader", "manifest", "help"),
                at(TOP, "search"));
        assertEquals(List.of("where"), at(TOP, "search", "agent"));
        List<String> keys = at(TOP, "search", "agent", "where");
        assertTrue(keys.contains("name=") && keys.contains("status=") && !keys.contains("and"), keys.toString());
        assertEquals("and", at(TOP, "search", "agent", "where", "name=x").get(0));
    }

    @Test
    void aModuleLineCompletesCommonFlagsThenOnlyTheModulesFlags() {
        List<String> file = at(TOP, "file");
        assertTrue(file.containsAll(List.of("-t", "-yes", "-e", "-path", "-name", "-content")), file.toString());
        List<String> later = at(TOP, "file", "-t", "all", "-path", "/etc");
        assertTrue(later.contains("-name") && !later.contains("-yes"), later.toString());
        assertEquals(ModuleFlagsRegistry.names(), at(TOP, "create", "action"));
        assertTrue(at(TOP, "create", "action", "netstat").contains("-lp"));
    }

    @Test
    void readersCompleteTheirArguments() {
        ConsoleContext a = new ConsoleContext.InAction(1);
        assertEquals(List.of("found", "notfound", "all"), at(a, "results"));
        assertEquals(List.of("text", "json", "csv"), at(a, "results", "all"));
        assertEquals(List.of("found", "notfound", "all"), at(a, "commands"));
        assertTrue(at(a, "copy").contains("-yes"));
        assertEquals(List.of("-yes"), at(new ConsoleContext.InInvestigator(1), "disable"));
    }

    @Test
    void standingOrdersCompleteAtTheTopLevelAndInTheirReader() {
        assertTrue(at(TOP).containsAll(List.of("schedule", "schedules")), at(TOP).toString());
        assertEquals(List.of("list", "help"), at(TOP, "schedule"));
        assertEquals(List.of(), at(TOP, "schedule", "7"));
        ConsoleContext o = new ConsoleContext.InSchedule(7);
        assertEquals(List.of("cancel", "details", "exit", "help", "json", "r", "runs"), at(o));
        assertEquals(List.of("waiting", "launched", "missed", "all"), at(o, "runs"));
        assertEquals(List.of(), at(o, "runs", "all"));
        assertEquals(List.of(), at(o, "cancel"));
        assertFalse(at(o).contains("file"), "no module launches inside a reader");
    }
}
