package io.gator.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.gator.relay.MigTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * config/rabbitmq/definitions.json imported into the real RabbitMQ with {@code rabbitmqctl}, under a
 * unique prefix (vhost and user names), then MIG's permission model checked from amqp-client.
 * Everything it creates is deleted afterwards.
 */
class RabbitDefinitionsTest {

    private final String prefix = "gtest-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final Map<String, String> passwords = new HashMap<>();

    @Test
    void importedDefinitionsLetAgentsReachOnlyWhatMigAllows() throws Exception {
        String defs = prefixed(Files.readString(ConfigFilesTest.CONFIG.resolve("rabbitmq/definitions.json")));
        List<String> users = List.of("admin", "scheduler", "agent", "worker");
        // World-readable: Debian's rabbitmqctl re-runs itself as user rabbitmq (test passwords only, deleted below).
        java.nio.file.Path file = Files.createTempFile("gator-definitions-", ".json",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--")));
        try {
            Files.writeString(file, defs);
            rabbitmqctl("import_definitions", file.toString());
            String vhost = prefix + "mig";
            try (Connection agent = connect("agent", vhost); Connection scheduler = connect("scheduler", vhost)) {
                Channel sch = scheduler.createChannel();
                // The scheduler declares its topology (already there from the definitions: a no-op).
                sch.exchangeDeclare(MigTopology.TO_AGENTS, BuiltinExchangeType.DIRECT, true);
                sch.queueDeclarePassive(MigTopology.RESULTS);

                Channel ach = agent.createChannel();
                String own = MigTopology.agentQueue("linux.test" + prefix.replace("-", ""));
                ach.queueDeclare(own, true, false, false, null);
                ach.queueBind(own, MigTopology.TO_AGENTS, own);
                ach.confirmSelect();
                ach.basicPublish(MigTopology.TO_SCHEDULERS, MigTopology.RESULTS, true, null, "{}".getBytes());
                ach.waitForConfirmsOrDie(5_000);
                assertTrue(sch.basicGet(MigTopology.RESULTS, true) != null, "result reached the scheduler");

                sch.confirmSelect();
                sch.basicPublish(MigTopology.TO_AGENTS, own, true, null, "{}".getBytes());
                sch.waitForConfirmsOrDie(5_000);
                assertTrue(ach.basicGet(own, true) != null, "command reached the agent");

                Channel forged = agent.createChannel();
                forged.confirmSelect();
                forged.basicPublish(MigTopology.TO_AGENTS, own, false, null, "{}".getBytes());
                assertAccessRefused(assertThrows(Exception.class, () -> forged.waitForConfirmsOrDie(5_000)),
                        "an agent cannot send commands");
                Channel snoop = scheduler.createChannel();
                assertAccessRefused(assertThrows(IOException.class, () -> snoop.basicGet(own, true)),
                        "a scheduler cannot read an agent's queue");
            }
        } finally {
            List<String[]> deletions = new ArrayList<>();
            users.forEach(u -> deletions.add(new String[] {"delete_user", prefix + u}));
            deletions.add(new String[] {"delete_vhost", prefix + "mig"});
            cleanup(deletions);
            Files.deleteIfExists(file);
        }
    }

    /** The file with vhost and user names prefixed and a random password hash per user (RabbitMQ's SHA-256 scheme). */
    private String prefixed(String json) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode defs = (ObjectNode) mapper.readTree(json);
        for (JsonNode v : defs.get("vhosts")) {
            ((ObjectNode) v).put("name", prefix + v.get("name").asText());
        }
        for (JsonNode u : defs.get("users")) {
            String name = u.get("name").asText();
            String pw = UUID.randomUUID().toString();
            passwords.put(name, pw);
            ((ObjectNode) u).put("name", prefix + name).put("password_hash", rabbitHash(pw));
        }
        for (JsonNode p : defs.get("permissions")) {
            ((ObjectNode) p).put("user", prefix + p.get("user").asText()).put("vhost", prefix + p.get("vhost").asText());
        }
        for (String kind : List.of("exchanges", "queues", "bindings")) {
            for (JsonNode o : (ArrayNode) defs.get(kind)) {
                ((ObjectNode) o).put("vhost", prefix + o.get("vhost").asText());
            }
        }
        return mapper.writeValueAsString(defs);
    }

    private static String rabbitHash(String password) throws Exception {
        byte[] salt = new byte[4];
        new SecureRandom().nextBytes(salt);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(salt);
        byte[] digest = sha.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[salt.length + digest.length];
        System.arraycopy(salt, 0, out, 0, salt.length);
        System.arraycopy(digest, 0, out, salt.length, digest.length);
        return Base64.getEncoder().encodeToString(out);
    }

    /** Connects as one of the imported users; the import is asynchronous, so retry briefly. */
    private Connection connect(String user, String vhost) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(5672);
        f.setVirtualHost(vhost);
        f.setUsername(prefix + user);
        f.setPassword(passwords.get(user));
        f.setAutomaticRecoveryEnabled(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return f.newConnection();
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private static void assertAccessRefused(Exception e, String what) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t).append(" / ");
        }
        assertTrue(chain.toString().contains("ACCESS_REFUSED"), what + ": " + chain);
    }

    /** Best effort: a failed import leaves less to delete, and must not hide the failure itself. */
    private static void cleanup(List<String[]> commands) throws Exception {
        List<Process> running = new ArrayList<>();
        for (String[] args : commands) { // in parallel: each rabbitmqctl boots an Erlang VM
            running.add(new ProcessBuilder(List.of("rabbitmqctl", "-q", args[0], args[1])).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (Process p : running) {
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static void rabbitmqctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "rabbitmqctl " + args[0] + " timed out");
        assertEquals(0, p.exitValue(), "rabbitmqctl " + String.join(" ", args) + ": " + out);
    }
}
