package io.gator.agent.direct;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One direct run with its standard streams in memory. */
record DirectRun(int exitCode, String out) {
    static DirectRun of(DirectModule direct, String module, boolean printout, String stdin)
            throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = direct.run(module, printout, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new DirectRun(rc, out.toString(StandardCharsets.UTF_8));
    }

    /** MIG's input message around the parameters. */
    static String message(String parameters) {
        return "{\"class\":\"parameters\",\"parameters\":" + parameters + "}";
    }
}
