package io.gator.api.backend;

import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.investigator.Investigator;

import java.util.List;

/** One page of search results, typed by what was searched. */
public sealed interface SearchResult {
    int size();

    record Actions(List<Action> items) implements SearchResult {
        public Actions {
            items = List.copyOf(items);
        }

        public int size() {
            return items.size();
        }
    }

    record Commands(List<Command> items) implements SearchResult {
        public Commands {
            items = List.copyOf(items);
        }

        public int size() {
            return items.size();
        }
    }

    record Agents(List<Agent> items) implements SearchResult {
        public Agents {
            items = List.copyOf(items);
        }

        public int size() {
            return items.size();
        }
    }

    record Investigators(List<Investigator> items) implements SearchResult {
        public Investigators {
            items = List.copyOf(items);
        }

        public int size() {
            return items.size();
        }
    }
}
