package io.gator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatorMainTest {

    private static final List<String> ROLES =
            List.of("standalone", "scheduler", "api", "agent", "loader", "fleet", "db", "investigator");
    private static final Path CONFIG = Path.of(System.getProperty("basedir", ".")).resolve("../config").normalize();

    /** Exit code, stdout and stderr of one run. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GatorMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryRole() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String role : ROLES) {
            assertTrue(r.out().contains(role), role + " missing from:\n" + r.out());
        }
    }

    @Test
    void everyRoleHasHelpWithTheConfigOption() {
        for (String role : ROLES) {
            Run r = run(role, "--help");
            assertEquals(0, r.code(), role);
            assertTrue(r.out().contains("-c, --config=FILE"), role + ":\n" + r.out());
        }
    }

    @Test
    void loaderWithAMissingOrKeylessConfigFailsBeforeAnyRequest(@TempDir Path dir) throws Exception {
        Run missing = run("loader", "-c", dir.resolve("none.conf").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("none.conf not found"), missing.err());
        Path conf = dir.resolve("loader.conf");
        Files.writeString(conf, "gator.loader.loader-key-file = \"" + dir.resolve("no.key") + "\"\n");
        Run keyless = run("loader", "-check", "-c", conf.toString());
        assertEquals(1, keyless.code());
        assertTrue(keyless.err().contains("no loader key"), keyless.err());
    }

    @Test
    void noRoleIsAUsageError() {
        Run r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Usage: gator"), r.err());
        assertEquals(2, run("bogus").code());
    }

    @Test
    void dbInitCreatesTheSchemaAndInvestigatorCreateMakesTheFirstAdmin(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("db.conf");
        Files.writeString(conf, "gator.persistence { dialect = h2, h2-url = \"jdbc:h2:file:" + dir.resolve("gator")
                + ";DB_CLOSE_DELAY=-1\" }\n");
        Run init = run("db", "init", "-c", conf.toString());
        assertEquals(0, init.code(), init.err());
        assertTrue(init.out().contains("schema ready"), init.out());
        assertEquals(0, run("db", "init", "-c", conf.toString()).code(), "db init is idempotent");
        io.gator.core.sign.KeyGen.GeneratedKey k = io.gator.core.sign.KeyGen.ed25519("admin <admin@example.net>");
        Path pub = dir.resolve("admin.asc");
        Files.writeString(pub, k.armoredPublicKey());
        Run create = run("investigator", "create", "--admin", "--name", "admin", "--pubkey", pub.toString(), "-c",
                conf.toString());
        assertEquals(0, create.code(), create.err());
        assertTrue(create.out().contains(k.fingerprint()) && create.out().contains("(admin)"), create.out());
    }

    @Test
    void investigatorCreateWithAMissingKeyFileSaysWhyWithoutExceptionNames(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("db.conf");
        Files.writeString(conf, "gator.persistence { dialect = h2, h2-url = \"jdbc:h2:file:" + dir.resolve("gator")
                + ";DB_CLOSE_DELAY=-1\" }\n");
        Path missing = dir.resolve("nobody.asc");
        Run r = run("investigator", "create", "--name", "x", "--pubkey", missing.toString(), "-c", conf.toString());
        assertEquals(GatorMain.FAILED, r.code());
        assertTrue(r.err().contains("cannot read " + missing + ": no such file"), r.err());
        assertTrue(!r.err().contains("Exception") && !r.err().contains("java."), r.err());
    }

    @Test
    void investigatorCreateWithoutItsOptionsIsAUsageError() {
        Run r = run("investigator", "create");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--name") || r.err().contains("--pubkey"), r.err());
    }

    @Test
    void aMissingConfigFileIsNamedAndExitsOne(@TempDir Path dir) {
        Path missing = dir.resolve("nope.conf");
        Run r = run("scheduler", "-c", missing.toString());
        assertEquals(GatorMain.FAILED, r.code());
        assertTrue(r.err().contains(missing.toString()) && r.err().contains("not found"), r.err());
    }

    @Test
    void brokenHoconIsNamedWithItsLineAndExitsOne(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.conf"), "gator {\n  scheduler {\n    x = \n");
        Run r = run("api", "--config", bad.toString());
        assertEquals(GatorMain.FAILED, r.code());
        assertTrue(r.err().contains(bad.toString()) && r.err().contains(bad + ": 4:"), r.err());
    }

    @Test
    void theDefaultConfigIsConfigRoleConfUnderGatorHome(@TempDir Path dir) {
        String before = System.getProperty(RoleConfig.HOME_PROPERTY);
        System.setProperty(RoleConfig.HOME_PROPERTY, dir.toString());
        try {
            Run r = run("agent");
            assertEquals(GatorMain.FAILED, r.code());
            assertTrue(r.err().contains(dir.resolve("config").resolve("agent.conf").toString()), r.err());
        } finally {
            if (before == null) {
                System.clearProperty(RoleConfig.HOME_PROPERTY);
            } else {
                System.setProperty(RoleConfig.HOME_PROPERTY, before);
            }
        }
    }

    @Test
    void brokerOnlyRefusesRabbitMqsInterNodePortWithAClearError(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("s.conf"), "gator.platform.broker.port = 25672\n");
        Run r = run("standalone", "--broker-only", "-c", conf.toString());
        assertEquals(GatorMain.FAILED, r.code());
        assertTrue(r.err().contains("25672"), r.err());
    }
}
