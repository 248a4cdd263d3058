package io.gator.cli.console;

import java.util.List;

/**
 * Where the investigator is in the console: the top level, or reading one action, agent, investigator, loader,
 * manifest or standing order.
 */
public sealed interface ConsoleContext {
    /** The prompt shown in this context. */
    String prompt();

    /** The commands this context knows (for help and completion). */
    List<String> verbs();

    /** The top level: status, search, entering a context, launching a module. */
    record TopLevel() implements ConsoleContext {
        @Override
        public String prompt() {
            return "mig> ";
        }

        @Override
        public List<String> verbs() {
            return List.of(
                    "action",
                    "agent",
                    "create",
                    "exit",
                    "help",
                    "investigator",
                    "loader",
                    "manifest",
                    "quit",
                    "schedule",
                    "schedules",
                    "search",
                    "status");
        }
    }

    /** MIG's action reader. */
    record InAction(long id) implements ConsoleContext {
        @Override
        public String prompt() {
            return "mig action " + id + "> ";
        }

        @Override
        public List<String> verbs() {
            return List.of("cancel", "command", "commands", "copy", "counters", "details", "exit", "grep", "help",
                    "investigators", "json", "r", "results", "times");
        }
    }

    /** MIG's agent reader. */
    record InAgent(long id) implements ConsoleContext {
        @Override
        public String prompt() {
            return "mig agent " + id + "> ";
        }

        @Override
        public List<String> verbs() {
            return List.of("details", "exit", "help", "json", "lastactions", "lastcommands");
        }
    }

    /** MIG's investigator reader (administration needs an admin's key). */
    record InInvestigator(long id) implements ConsoleContext {
        @Override
        public String prompt() {
            return "mig investigator " + id + "> ";
        }

        @Override
        public List<String> verbs() {
            return List.of("apikey", "details", "disable", "enable", "exit", "help", "json", "lastactions", "pubkey");
        }
    }

    /** A standing order (Gator's addition): its details, runs and JSON; cancel. */
    record InSchedule(long id) implements ConsoleContext {
        @Override
        public String prompt() {
            return "mig schedule " + id + "> ";
        }

        @Override
        public List<String> verbs() {
            return List.of("cancel", "details", "exit", "help", "json", "r", "runs");
        }
    }

    /** MIG's loader reader: one loader entry. */
    record InLoader(long id) implements ConsoleContext {
        @Override
        public String prompt() {
            return "mig loader " + id + "> ";
        }

        @Override
        public List<String> verbs() {
            return LoaderReader.ORDERS;
        }
    }

    /** MIG's manifest reader: one manifest record. */
    record InManifest(long id) implements ConsoleContext {
        @Override
        public String prompt() {
            return "mig manifest " + id + "> ";
        }

        @Override
        public List<String> verbs() {
            return ManifestReader.ORDERS;
        }
    }
}
