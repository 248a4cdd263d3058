package io.gator.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigJsonException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one module on this machine through the agent's direct mode: {@code <agent command> -m MODULE} with MIG's
 * parameters message on its standard input, its standard output read as the module's result; the agent's
 * standard error goes to the CLI's.
 *
 * @param agentCommand how the agent is started ({@code java -jar gator-agent.jar})
 */
public record LocalModule(List<String> agentCommand) {
    public LocalModule {
        agentCommand = List.copyOf(agentCommand);
    }

    /** The agent jar run by the JVM running the CLI. */
    public static LocalModule ofJar(Path agentJar) {
        return new LocalModule(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                agentJar.toString()));
    }

    /** The module's result; {@link IllegalArgumentException} when the agent ran no module. */
    public Result run(String module, JsonNode parameters) throws InterruptedException {
        List<String> command = new ArrayList<>(agentCommand);
        command.addAll(List.of("-m", module));
        ObjectNode message = JsonNodeFactory.instance.objectNode().put("class", "parameters");
        message.set("parameters", parameters);
        byte[] out;
        int exit;
        try {
            Process agent = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = agent.getOutputStream()) {
                in.write(MigJson.writeBytes(message));
            }
            out = agent.getInputStream().readAllBytes();
            exit = agent.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the agent (" + String.join(" ", agentCommand) + "): "
                    + e.getMessage(), e);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        JsonNode answer;
        try {
            answer = MigJson.tree(text);
        } catch (MigJsonException e) {
            answer = JsonNodeFactory.instance.nullNode();
        }
        if (exit != 0 || !answer.has("success")) {
            // no result envelope: the agent refused the module (its error object) or failed to start
            List<String> errors = texts(answer.path("errors"));
            String said = errors.isEmpty() ? text.strip() : String.join("; ", errors);
            throw new IllegalArgumentException("the agent ran no " + module + " module (exit code " + exit + ")"
                    + (said.isEmpty() ? "" : ": " + (said.length() > 300 ? said.substring(0, 300) + "..." : said)));
        }
        return MigJson.mapper().convertValue(answer, Result.class);
    }

    private static List<String> texts(JsonNode array) {
        List<String> t = new ArrayList<>();
        array.forEach(n -> t.add(n.asText()));
        return t;
    }
}
