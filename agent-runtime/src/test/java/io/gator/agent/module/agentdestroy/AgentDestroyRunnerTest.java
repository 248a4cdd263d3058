package io.gator.agent.module.agentdestroy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.agent.module.ModuleContext;
import io.gator.core.command.Result;
import io.gator.core.module.agentdestroy.AgentDestroyParameters;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentDestroyRunnerTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElseThrow();
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopChildren() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile())
                .start();
        started.add(p);
        return p;
    }

    /** A jar standing in for an agent jar: its Main-Class sleeps. */
    private Path fakeAgentJar() throws Exception {
        Path jar = dir.resolve("fake-gator.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Sleeper.class.getName());
        String entry = Sleeper.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jo = new JarOutputStream(out, mf);
             InputStream in = Sleeper.class.getClassLoader().getResourceAsStream(entry)) {
            jo.putNextEntry(new JarEntry(entry));
            in.transferTo(jo);
        }
        return jar.toRealPath();
    }

    /** An installation whose agents run {@code jar} as role "agent", this agent started {@code started}. */
    private static AgentInstallation installation(Path jar, Instant started) throws Exception {
        AgentInstallation me = AgentInstallation.current();
        return new AgentInstallation(me.java(), jar, AgentInstallation.AGENT_MAIN, Optional.of("agent"), me.uid(),
                started);
    }

    private static Result destroy(AgentDestroyRunner runner, Process p) {
        return runner.run(new AgentDestroyParameters(p.pid(), "gator-0.1.0"), ModuleContext.defaults());
    }

    private static void awaitStarted(Process p) throws Exception {
        // the JVM replaces nothing in its command line, but give the child time to exist in /proc fully
        for (int i = 0; i < 50 && !Files.exists(Path.of("/proc/" + p.pid() + "/cmdline")); i++) {
            Thread.sleep(20);
        }
        Thread.sleep(50);
    }

    @Test
    void aProcessWhoseCommandLineCarriesTheVersionIsNotKilled() throws Exception {
        Process other = start("bash", "-c", "sleep 60; true", "gator-0.1.0");
        awaitStarted(other);
        Result r = destroy(new AgentDestroyRunner(), other);
        assertFalse(r.success());
        assertTrue(r.errors().get(0).contains("is not an older agent of this installation, not killed"),
                r.errors().toString());
        Thread.sleep(200);
        assertTrue(other.isAlive(), "the unrelated process still runs");
    }

    @Test
    void anOlderAgentOfThisInstallationIsKilled() throws Exception {
        Path jar = fakeAgentJar();
        Process old = start(JAVA, "-Xmx16m", "-jar", jar.toString(), "agent", "-c", "agent.conf");
        awaitStarted(old);
        Result r = destroy(new AgentDestroyRunner(() -> unchecked(jar, Instant.now().plusSeconds(1))), old);
        assertTrue(r.success(), r.errors().toString());
        assertEquals("PID " + old.pid() + " from agent gator-0.1.0 has been killed", r.elements().asText());
        assertTrue(old.waitFor(5, TimeUnit.SECONDS));
    }

    @Test
    void theSameJavaRunningAnotherRoleAnotherMainOrStartedLaterIsNotKilled() throws Exception {
        Path jar = fakeAgentJar();
        Instant later = Instant.now().plusSeconds(1);
        Process scheduler = start(JAVA, "-jar", jar.toString(), "scheduler", "agent");
        Process otherMain = start(JAVA, "-cp", jar.toString(), Sleeper.class.getName(), "agent");
        Process younger = start(JAVA, "-jar", jar.toString(), "agent");
        for (Process p : List.of(scheduler, otherMain, younger)) {
            awaitStarted(p);
        }
        AgentDestroyRunner runner = new AgentDestroyRunner(() -> unchecked(jar, later));
        assertTrue(destroy(runner, scheduler).errors().get(0).contains("not as 'agent'"));
        assertTrue(destroy(runner, otherMain).errors().get(0).contains("main class"));
        AgentDestroyRunner startedEarlier = new AgentDestroyRunner(() -> unchecked(jar, Instant.EPOCH));
        assertTrue(destroy(startedEarlier, younger).errors().get(0).contains("did not start before this agent"));
        Thread.sleep(200);
        assertTrue(scheduler.isAlive() && otherMain.isAlive() && younger.isAlive());
    }

    @Test
    void itsOwnProcessIsRefused() {
        Result self = new AgentDestroyRunner().run(new AgentDestroyParameters(ProcessHandle.current().pid(), "x"),
                ModuleContext.defaults());
        assertFalse(self.success());
        assertTrue(self.errors().get(0).contains("Refusing to suicide"));
    }

    @Test
    void launchesAreReadLikeTheJavaLauncherDoes() throws Exception {
        Path jar = fakeAgentJar();
        AgentInstallation inst = installation(jar, Instant.now());
        assertEquals(Optional.empty(), inst.whyNotAnAgentLaunch(List.of("java", "@/opt/gator/agent.jvm",
                "-XX:SharedArchiveFile=x.jsa", "-Dgator.home=/opt/gator", "-jar", "fake-gator.jar", "agent"), dir));
        assertTrue(inst.whyNotAnAgentLaunch(List.of("java", "-jar", "/elsewhere/fake-gator.jar", "agent"), dir)
                .isPresent());
        assertTrue(inst.whyNotAnAgentLaunch(List.of("java", "-Dx=-jar", "Main", "-jar", jar.toString(), "agent"), dir)
                .isPresent(), "-jar after the main class is a program argument");
        AgentInstallation classes = new AgentInstallation(inst.java(), dir.toRealPath(), AgentInstallation.AGENT_MAIN,
                Optional.empty(), inst.uid(), inst.started());
        assertEquals(Optional.empty(), classes.whyNotAnAgentLaunch(List.of("java", "-cp", "/x.jar:" + dir,
                AgentInstallation.AGENT_MAIN, "-c", "a.conf"), Path.of("/")));
        assertTrue(classes.whyNotAnAgentLaunch(List.of("java", "-cp", "/x.jar:" + dir, "Other"), Path.of("/"))
                .isPresent());
        assertEquals(List.of("java", "-jar", "a b"), AgentInstallation.arguments("java\0-jar\0a b\0".getBytes()));
    }

    private static AgentInstallation unchecked(Path jar, Instant started) {
        try {
            return installation(jar, started);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
