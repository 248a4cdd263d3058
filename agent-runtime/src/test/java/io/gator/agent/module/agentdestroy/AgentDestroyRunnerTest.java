package io.gator.agent.module.agentdestroy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.agent.module.ModuleContext;
import io.gator.core.command.Result;
import io.gator.core.module.agentdestroy.AgentDestroyParameters;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AgentDestroyRunnerTest {
    final AgentDestroyRunner runner = new AgentDestroyRunner();

    @Test
    void killsAnOlderAgentWithTheGivenVersion() throws Exception {
        Process old = new ProcessBuilder("python3", "-c", "import time; time.sleep(60)", "gator-agent", "20260101-0.old").start();
        try {
            Result r = runner.run(new AgentDestroyParameters(old.pid(), "20260101-0.old"), ModuleContext.defaults());
            assertTrue(r.success(), r.errors().toString());
            assertEquals("PID " + old.pid() + " from agent 20260101-0.old has been killed", r.elements().asText());
            assertTrue(old.waitFor(3, TimeUnit.SECONDS));
        } finally {
            old.destroyForcibly();
        }
    }

    @Test
    void refusesAVersionMismatchAndItsOwnPid() throws Exception {
        Process other = new ProcessBuilder("python3", "-c", "import time; time.sleep(60)", "20260101-0.other").start();
        try {
            Result r = runner.run(new AgentDestroyParameters(other.pid(), "20260101-0.old"), ModuleContext.defaults());
            assertFalse(r.success());
            assertTrue(other.isAlive());
            Result self = runner.run(new AgentDestroyParameters(ProcessHandle.current().pid(), "x"), ModuleContext.defaults());
            assertFalse(self.success());
            assertTrue(self.errors().get(0).contains("Refusing to suicide"));
        } finally {
            other.destroyForcibly();
        }
    }
}
