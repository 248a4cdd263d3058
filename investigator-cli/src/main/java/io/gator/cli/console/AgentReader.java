package io.gator.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.api.ApiException;
import io.gator.cli.api.MigApiClient;
import java.io.PrintStream;
import java.util.List;

/** MIG's agent reader: one agent's details and the last actions and commands that ran on it. */
final class AgentReader {
    /** How many actions or commands {@code lastactions} and {@code lastcommands} show by default. */
    static final int LAST = 10;

    private final ConsoleSession s;

    AgentReader(ConsoleSession session) {
        this.s = session;
    }

    ConsoleContext enter(long id, PrintStream out) {
        JsonNode a = agent(id);
        out.println("Entering agent reader mode. Type exit or press ctrl+d to leave. help may help.");
        out.printf("Agent %s name '%s' status '%s' last heartbeat %s%n", id, a.path("name").asText(),
                a.path("status").asText(), a.path("heartbeatts").asText());
        return new ConsoleContext.InAgent(id);
    }

    private JsonNode agent(long id) {
        return MigApiClient.values(s.api().get("agent?agentid=" + id), "agent").stream().findFirst()
                .orElseThrow(() -> new ApiException(404, "agent " + id + " not found"));
    }

    ConsoleContext run(ConsoleContext.InAgent ctx, List<String> words, PrintStream out) {
        long id = ctx.id();
        switch (words.get(0)) {
            case "details" -> {
                JsonNode a = agent(id);
                JsonNode env = a.path("environment");
                out.printf("ID         %s%nName       %s%nQueue      %s%nVersion    %s%nMode       %s%nStatus     %s%n"
                                + "PID        %s%nStarted    %s%nHeartbeat  %s%nOS         %s %s %s%nAddresses  %s%nTags       %s%n",
                        a.path("id").asText(), a.path("name").asText(), a.path("queueloc").asText(),
                        a.path("version").asText(), a.path("mode").asText(), a.path("status").asText(),
                        a.path("pid").asText(), a.path("starttime").asText(), a.path("heartbeatts").asText(),
                        env.path("os").asText(), env.path("arch").asText(), env.path("ident").asText(),
                        env.path("addresses").toString(), a.path("tags").toString());
            }
            case "json" -> out.println(agent(id).toPrettyString());
            case "lastactions" -> last("action", id, words, out);
            case "lastcommands" -> last("command", id, words, out);
            case "help" -> out.print(String.join("\n",
                    "agent reader mode:",
                    "  details              the agent's details",
                    "  json                 the agent as JSON",
                    "  lastactions [n]      the last n actions that ran on it (default " + LAST + ")",
                    "  lastcommands [n]     the last n commands it ran, with their status",
                    "  exit                 back to the top level (also ctrl+d)",
                    ""));
            case "exit" -> {
                return new ConsoleContext.TopLevel();
            }
            default -> out.println("Unknown order '" + words.get(0) + "'. You are in agent reader mode. Try `help`.");
        }
        return ctx;
    }

    /** The last actions or commands of an agent or an investigator, through MIG's search. */
    static void last(ConsoleSession s, String type, String by, long id, List<String> words, PrintStream out) {
        String limit = words.size() > 1 ? words.get(1) : String.valueOf(LAST);
        SearchQuery q = SearchQuery.parse(List.of(type, "where", by + "=" + id, "limit=" + limit));
        JsonNode env;
        try {
            env = s.api().get(q.path());
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            out.println("no " + type + " found");
            return;
        }
        SearchPrinter.print(type, env, out);
    }

    private void last(String type, long id, List<String> words, PrintStream out) {
        last(s, type, "agentid", id, words, out);
    }
}
