package io.gator.agent.persist;

import io.gator.core.agent.AgentEnv;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;

/**
 * What a persistent module gets from the agent (MIG sends the same in its {@code config} message).
 *
 * @param name        the module name
 * @param settings    the module's configuration ({@code <confdir>/<name>.cfg}, MIG's INI; or HOCON); empty when
 *                    there is none, as MIG's zero configuration
 * @param alerts      where the module's alerts go: to dispatch when it runs, else to the agent's log
 * @param log         the agent's log, under the module's name ({@code [<name>] (module log) ...} in MIG)
 * @param hostname    the agent's host name
 * @param environment the agent's environment as in its heartbeats
 * @param tags        the agent's tags
 * @param clock       the agent's clock
 * @param root        where system files are read from ({@code /}; a fixture tree in tests)
 */
public record PersistentContext(String name, ModuleSettings settings, AlertSink alerts, Logger log, String hostname,
                                AgentEnv environment, Map<String, String> tags, Clock clock, Path root) {
    public PersistentContext {
        tags = Map.copyOf(tags);
    }
}
