package io.gator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import java.util.List;

/** MIG's captured HTTP exchanges (fixtures' {@code http/*.txt}) and console sessions, read in place. */
final class MigExchanges {
    static final String DIR = "mig-wire/loader-runner/";

    private MigExchanges() {}

    /** The request body and the answer's envelope of the {@code nth} exchange whose request line is {@code request}. */
    record Exchange(String body, JsonNode response, int status) {}

    static Exchange exchange(String file, String request, int nth) {
        List<String> lines = Fixtures.read(DIR + "http/" + file).lines().toList();
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals(request) || seen++ < nth) {
                continue;
            }
            int j = i;
            while (!lines.get(j).isEmpty()) {
                j++;
            }
            String body = lines.get(j + 1).startsWith("<<< response") ? "" : lines.get(j + 1);
            while (!lines.get(j).startsWith("<<< response")) {
                j++;
            }
            int status = Integer.parseInt(lines.get(j + 1).split(" ")[1]);
            while (!lines.get(j).startsWith("{\"collection\"")) {
                j++;
            }
            return new Exchange(body, MigJson.tree(lines.get(j)), status);
        }
        throw new IllegalArgumentException(request + " not in " + file);
    }

    static Exchange exchange(String file, String request) {
        return exchange(file, request, 0);
    }

    /**
     * What mig-console printed after {@code order} until its next prompt, long lines (wrapped by the terminal the
     * session was captured in) joined back.
     */
    static String printed(String file, String prompt, String order) {
        List<String> lines = Fixtures.read(DIR + "console/" + file).lines().toList();
        int i = lines.indexOf(prompt + " " + order);
        if (i < 0) {
            throw new IllegalArgumentException(order + " not in " + file);
        }
        StringBuilder sb = new StringBuilder();
        for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith(prompt); j++) {
            // the capture's terminal was 200 columns wide: a line of exactly 200 goes on on the next one
            sb.append(lines.get(j)).append(lines.get(j).length() == 200 ? "" : "\n");
        }
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '\n') {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }
}
