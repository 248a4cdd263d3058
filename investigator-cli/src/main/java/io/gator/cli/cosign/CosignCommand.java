package io.gator.cli.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.api.MigApiClient;
import io.gator.cli.sign.Signer;
import io.gator.core.action.Action;
import io.gator.core.action.SignedString;
import io.gator.core.json.MigJson;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code mig cosign list [-all] [-json]}, {@code show <id> [-json]}, {@code sign <id>}, {@code cancel <id>}.
 * Signing recomputes the canonical string from the action the API shows and refuses to sign when the API's
 * differs, so what is signed is what was reviewed.
 */
public final class CosignCommand {
    public static final String USAGE = "usage: mig cosign list [-all] [-json] | show <id> [-json] | sign <id> "
            + "| cancel <id>";

    private final MigApiClient api;
    private final Supplier<Signer> signer;
    private final PrintStream out;

    public CosignCommand(MigApiClient api, Supplier<Signer> signer, PrintStream out) {
        this.api = api;
        this.signer = signer;
        this.out = out;
    }

    /** Runs a sub-command ({@code -c FILE} already taken out by the caller); returns the exit code. */
    public int run(List<String> args) throws Exception {
        List<String> rest = new ArrayList<>(args);
        boolean json = rest.remove("-json");
        boolean all = rest.remove("-all");
        if (rest.isEmpty() || rest.stream().anyMatch(a -> a.startsWith("-"))) {
            throw new IllegalArgumentException(USAGE);
        }
        String sub = rest.get(0);
        if (sub.equals("list") && rest.size() == 1) {
            List<JsonNode> pending = MigApiClient.values(api.get("cosign/pending" + (all ? "?all=true" : "")),
                    "pending");
            if (json) {
                print(pending);
            } else {
                pending.forEach(p -> out.println(line(p)));
            }
            return 0;
        }
        if (rest.size() != 2 || !List.of("show", "sign", "cancel").contains(sub)) {
            throw new IllegalArgumentException(USAGE);
        }
        long id = id(rest.get(1));
        switch (sub) {
            case "show" -> {
                JsonNode p = one(api.get("cosign/action?actionid=" + id));
                if (json) {
                    print(p);
                } else {
                    out.println(line(p));
                    out.println("  posted by " + p.path("postedby").asText() + ", signed by " + signers(p));
                    out.println("  target: " + p.path("action").path("target").asText());
                    out.println("  valid: " + p.path("action").path("validfrom").asText() + " to "
                            + p.path("action").path("expireafter").asText());
                    out.println("  canonical string (what each co-signer signs):");
                    out.println("  " + p.path("canonical").asText());
                }
                return 0;
            }
            case "sign" -> {
                JsonNode p = one(api.get("cosign/action?actionid=" + id));
                String canonical = p.path("canonical").asText();
                String mine = SignedString.of(MigJson.mapper().treeToValue(p.path("action"), Action.class));
                if (!canonical.equals(mine)) {
                    throw new IllegalArgumentException("refusing to sign action " + id
                            + ": the API's canonical string differs from the action it shows");
                }
                String signature = signer.get().sign(canonical.getBytes(StandardCharsets.UTF_8));
                JsonNode after = one(api.postForm("cosign/sign", Map.of("actionid", Long.toString(id),
                        "signature", signature)));
                out.println(line(after));
                return 0;
            }
            default -> {
                JsonNode after = one(api.postForm("cosign/cancel", "actionid", Long.toString(id)));
                out.println(line(after));
                return 0;
            }
        }
    }

    /** {@code <id> <status> '<name>' weight file 1/2 ... expires <time>}: one pending action on one line. */
    static String line(JsonNode p) {
        StringBuilder sb = new StringBuilder();
        sb.append(p.path("id").asLong()).append(' ').append(p.path("status").asText()).append(" '")
                .append(p.path("name").asText()).append("' weight");
        for (JsonNode w : p.path("weights")) {
            sb.append(' ').append(w.path("module").asText()).append(' ').append(w.path("collected").asInt())
                    .append('/').append(w.path("needed").asInt());
        }
        return sb.append(" signed by ").append(signers(p)).append(", expires ")
                .append(p.path("expiresat").asText()).toString();
    }

    private static String signers(JsonNode p) {
        List<String> names = new ArrayList<>();
        p.path("signers").forEach(s -> names.add(s.path("name").asText()));
        return String.join(", ", names);
    }

    private static JsonNode one(JsonNode envelope) {
        List<JsonNode> v = MigApiClient.values(envelope, "pending");
        if (v.isEmpty()) {
            throw new IllegalStateException("the API answered without the pending action");
        }
        return v.get(0);
    }

    private void print(Object o) throws Exception {
        out.println(MigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
    }

    private static long id(String s) {
        try {
            long id = Long.parseLong(s);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("invalid action id '" + s + "': a positive integer");
    }
}
