package io.gator.cli.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.json.MigJson;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for the agent's direct mode, run as a process by the tests: module {@code nosuchmodule} gets MIG's
 * error object, {@code crash} exits 3 without output; any other answers a result whose elements hold the
 * arguments and the standard input it was given.
 */
public final class FakeAgent {
    private FakeAgent() {}

    public static void main(String[] args) throws Exception {
        String stdin = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        String module = args[args.length - 1];
        if (module.equals("crash")) {
            System.exit(3);
        }
        if (module.equals("nosuchmodule")) {
            System.out.print("{\"errors\": [\"module 'nosuchmodule' is not available\"]}");
            return;
        }
        ObjectNode elements = JsonNodeFactory.instance.objectNode();
        elements.set("argv", MigJson.mapper().valueToTree(args));
        elements.set("stdin", MigJson.tree(stdin));
        System.out.print("{\"foundanything\":true,\"success\":true,\"elements\":" + MigJson.write(elements)
                + ",\"statistics\":null,\"errors\":[\"a soft error\"]}");
    }
}
