package io.gator.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.api.ApiException;
import io.gator.cli.api.MigApiClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * MIG's investigator reader: details, public key and last actions of one investigator; enabling, disabling and
 * API keys go through {@code mig investigator}, so its checks apply (never the last active admin; one's own
 * account only after a question).
 */
final class InvestigatorReader {
    private final ConsoleSession s;

    InvestigatorReader(ConsoleSession session) {
        this.s = session;
    }

    ConsoleContext enter(long id, PrintStream out) {
        JsonNode i = investigator(id);
        out.println("Entering investigator mode. Type exit or press ctrl+d to leave. help may help.");
        out.printf("Investigator %s named '%s', status '%s'%n", id, i.path("name").asText(), i.path("status").asText());
        return new ConsoleContext.InInvestigator(id);
    }

    private JsonNode investigator(long id) {
        return MigApiClient.values(s.api().get("investigator?investigatorid=" + id), "investigator").stream()
                .findFirst().orElseThrow(() -> new ApiException(404, "investigator " + id + " not found"));
    }

    /** MIG's API sends the armored key as base64 (a Go byte slice); anything else is shown as it came. */
    static String armored(String publicKey) {
        try {
            return new String(java.util.Base64.getMimeDecoder().decode(publicKey), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return publicKey;
        }
    }

    ConsoleContext run(ConsoleContext.InInvestigator ctx, List<String> words, PrintStream out) {
        long id = ctx.id();
        switch (words.get(0)) {
            case "details" -> {
                JsonNode i = investigator(id);
                out.printf("ID           %s%nName         %s%nStatus       %s%nKey ID       %s%nCreated      %s%n"
                                + "Modified     %s%nPermissions  %s%n", i.path("id").asText(), i.path("name").asText(),
                        i.path("status").asText(), i.path("pgpfingerprint").asText(), i.path("createdat").asText(),
                        i.path("lastmodified").asText(), SearchPrinter.permissions(i.path("permissions")));
            }
            case "json" -> out.println(investigator(id).toPrettyString());
            case "pubkey" -> {
                JsonNode i = investigator(id);
                out.println(i.path("publickey").isTextual() ? armored(i.path("publickey").asText())
                        : "the API does not show the public key; key ID " + i.path("pgpfingerprint").asText());
            }
            case "lastactions" -> AgentReader.last(s, "action", "investigatorid", id, words, out);
            case "enable", "disable", "apikey" -> {
                List<String> argv = new ArrayList<>(List.of("investigator", words.get(0), String.valueOf(id)));
                argv.addAll(words.subList(1, words.size()));
                s.mig().apply(argv);
            }
            case "help" -> out.print(String.join("\n",
                    "investigator mode:",
                    "  details          name, status, key ID, permissions",
                    "  json             the investigator as JSON",
                    "  pubkey           the investigator's public key",
                    "  lastactions [n]  the last n actions the investigator signed",
                    "  enable           let the investigator use the API again (admins)",
                    "  disable [-yes]   refuse the investigator's key (never the last active admin)",
                    "  apikey           give the investigator a new API key, shown once (admins)",
                    "  exit             back to the top level (also ctrl+d)",
                    ""));
            case "exit" -> {
                return new ConsoleContext.TopLevel();
            }
            default -> out.println("Unknown order '" + words.get(0) + "'. You are in investigator mode. Try `help`.");
        }
        return ctx;
    }
}
