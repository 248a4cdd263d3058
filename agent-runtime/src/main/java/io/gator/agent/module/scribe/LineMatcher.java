package io.gator.agent.module.scribe;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * scribe's reading of a file's lines against an expression: lines end at {@code \n} (a {@code \r} before it is
 * dropped), a line longer than Go's 4096-byte read buffer counts as several, and each matching line gives its
 * capture groups (a group that took no part gives the empty string). The file's contents stay here.
 */
final class LineMatcher {
    private static final int GO_BUFFER = 4096;

    private LineMatcher() {}

    /** The groups of every matching line, in file order; none when no line matches. */
    static List<List<String>> matches(String file, Pattern expression) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(file)))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            boolean any = false;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') {
                    match(line.toByteArray(), true, expression, out);
                    line.reset();
                    any = false;
                } else {
                    line.write(b);
                    if (line.size() == GO_BUFFER) {
                        match(line.toByteArray(), false, expression, out);
                        line.reset();
                        any = false;
                    }
                }
            }
            if (any) {
                match(line.toByteArray(), true, expression, out);
            }
        }
        return out;
    }

    private static void match(byte[] bytes, boolean whole, Pattern expression, List<List<String>> out) {
        int n = bytes.length;
        if (whole && n > 0 && bytes[n - 1] == '\r') {
            n--;
        }
        Matcher m = expression.matcher(new String(bytes, 0, n, StandardCharsets.UTF_8));
        if (m.find()) {
            List<String> groups = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
                groups.add(m.group(i) == null ? "" : m.group(i));
            }
            out.add(groups);
        }
    }
}
