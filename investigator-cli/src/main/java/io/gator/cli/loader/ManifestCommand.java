package io.gator.cli.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.cli.Problems;
import io.gator.cli.sign.Signer;
import io.gator.core.json.MigJson;
import io.gator.core.manifest.InvalidManifestException;
import io.gator.core.manifest.Manifest;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.manifest.ManifestArchiveWriter;
import io.gator.core.manifest.ManifestEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mig manifest}: MIG's manifest records. A record holds a tar.gz of the files loaders install, is created
 * {@code staged}, and becomes {@code active} once enough investigators have signed its manifest (the names and
 * SHA-256s of its files) with their own keys; {@code reset} drops the signatures, {@code disable} retires it.
 */
public final class ManifestCommand {
    /** The files a manifest may hold, by MIG's bundle names (mig-loader's dictionary). */
    public static final List<String> BUNDLE = List.of("mig-agent", "mig-loader", "configuration", "agentcert",
            "agentkey", "cacert", "loaderconfig");
    /** The sub-commands, for help and completion. */
    public static final List<String> SUBCOMMANDS = List.of("create", "show", "list", "sign", "status", "reset",
            "disable", "loaders", "fetch");
    /** What {@code status} takes. */
    public static final List<String> STATUSES = List.of("staged", "disabled");
    /**
     * Largest archive read and sent: base64 adds a third, and Gator's API takes 64 MiB of body
     * (gator.api.manifest.body-limit; MIG's takes 20 MiB, about 15 MiB of archive). A larger one is refused here
     * before it is read.
     */
    static final long MAX_ARCHIVE_BYTES = 47L << 20;
    static final String USAGE = String.join("\n",
            "usage: mig manifest create <name> -target <loader target> -archive <file.tar.gz> [-json]",
            "       mig manifest create <name> -target <loader target> [-mig-agent <file>] [-mig-loader <file>]",
            "                       [-configuration <file>] [-agentcert <file>] [-agentkey <file>] [-cacert <file>]",
            "                       [-loaderconfig <file>] [-json]   (the tar.gz is built here)",
            "       mig manifest show <id> [-json | -entry | -shasum]",
            "       mig manifest list [-name <str>] [-status staged|active|disabled] [-limit <n>] [-json]",
            "       mig manifest sign <id>         (signs the manifest with your key, as mig-console's sign)",
            "       mig manifest status <id> staged|disabled   (staged = reset: signatures dropped)",
            "       mig manifest reset <id> | disable <id>",
            "       mig manifest loaders <id>      (the loader entries its target matches)",
            "       mig manifest fetch <id> <file.tar.gz>   (saves the record's archive)");

    private final Context ctx;

    /** Each sub-command with the words that may follow it, for {@code mig completion}. */
    public static Map<String, List<String>> completion() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        List<String> create = new ArrayList<>(List.of("-target", "-archive"));
        BUNDLE.forEach(b -> create.add("-" + b));
        create.addAll(List.of("-json", "-c"));
        m.put("create", create);
        m.put("show", List.of("-json", "-entry", "-shasum", "-c"));
        m.put("list", List.of("-name", "-status", "-limit", "-json", "-c"));
        m.put("status", List.of("staged", "disabled", "-c"));
        for (String sub : List.of("sign", "reset", "disable", "loaders", "fetch")) {
            m.put(sub, List.of("-c"));
        }
        return m;
    }

    public ManifestCommand(Context ctx) {
        this.ctx = ctx;
    }

    public int run(List<String> args) throws IOException {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            ctx.out().println(USAGE);
            return args.isEmpty() ? 1 : 0;
        }
        String sub = args.get(0);
        Set<String> valueFlags = new LinkedHashSet<>();
        Set<String> bools = new LinkedHashSet<>();
        switch (sub) {
            case "create" -> {
                valueFlags.addAll(List.of("-target", "-archive"));
                BUNDLE.forEach(b -> valueFlags.add("-" + b));
            }
            case "list" -> valueFlags.addAll(List.of("-name", "-status", "-limit"));
            case "show" -> bools.addAll(List.of("-entry", "-shasum"));
            default -> { }
        }
        CommandLine cl = CommandLine.parse(args.subList(1, args.size()), valueFlags, bools, USAGE);
        PrintStream out = ctx.out();
        LoaderApi api = new LoaderApi(ctx.api().apply(cl.migrc()));
        switch (sub) {
            case "create" -> create(cl.atMost(1, USAGE), api);
            case "show" -> {
                JsonNode mr = api.manifest(cl.atMost(1, USAGE).id(0, "manifest", USAGE));
                if (cl.switches().contains("-entry")) {
                    out.println(MigRecords.indent(entry(mr)));
                } else if (cl.switches().contains("-shasum")) {
                    shasum(mr, out);
                } else {
                    out.println(cl.json() ? MigRecords.indent(MigRecords.manifest(mr)) : describe(mr));
                }
            }
            case "list" -> {
                Map<String, String> p = new LinkedHashMap<>();
                cl.value("-name").ifPresent(v -> p.put("manifestname", v.replace('*', '%')));
                cl.value("-status").ifPresent(v -> {
                    if (!List.of("staged", "active", "disabled").contains(v)) {
                        throw new IllegalArgumentException("invalid -status '" + v + "': staged, active or disabled");
                    }
                    p.put("status", v);
                });
                p.put("limit", cl.value("-limit").orElse("100"));
                List<JsonNode> found = api.search("manifest", p);
                if (cl.json()) {
                    ArrayNode all = MigJson.mapper().createArrayNode();
                    found.forEach(m -> all.add(MigRecords.manifest(m)));
                    out.println(MigRecords.indent(all));
                } else {
                    table(found, out);
                }
            }
            case "sign" -> {
                long id = cl.atMost(1, USAGE).id(0, "manifest", USAGE);
                api.sign(id, signature(api.manifest(id), ctx.signers().apply(cl.migrc())));
                out.println("Manifest signature has been accepted");
            }
            case "status" -> {
                long id = cl.atMost(2, USAGE).id(0, "manifest", USAGE);
                String status = cl.need(1, "status (staged or disabled)", USAGE);
                if (status.equals("active")) {
                    throw new IllegalArgumentException("a manifest becomes active when enough investigators have "
                            + "signed it: mig manifest sign " + id);
                }
                if (!STATUSES.contains(status)) {
                    throw new IllegalArgumentException("invalid status '" + status + "': staged (reset) or disabled");
                }
                setStatus(api, id, status, out);
            }
            case "reset", "disable" -> setStatus(api, cl.atMost(1, USAGE).id(0, "manifest", USAGE),
                    sub.equals("reset") ? "staged" : "disabled", out);
            case "loaders" -> api.manifestLoaders(cl.atMost(1, USAGE).id(0, "manifest", USAGE))
                    .forEach(le -> out.println(MigRecords.compact(MigRecords.loader(le))));
            case "fetch" -> {
                long id = cl.atMost(2, USAGE).id(0, "manifest", USAGE);
                Path to = Path.of(cl.need(1, "file to write", USAGE));
                byte[] content = content(api.manifest(id));
                Files.write(to, content);
                out.println("manifest " + id + " archive written to " + to + " (" + content.length + " bytes)");
            }
            default -> throw new IllegalArgumentException("unknown manifest sub-command '" + sub + "'\n" + USAGE);
        }
        return 0;
    }

    private void setStatus(LoaderApi api, long id, String status, PrintStream out) {
        api.manifestStatus(id, status);
        out.println(status.equals("staged") ? "Manifest record has been reset" : "Manifest record has been disabled");
    }

    private void create(CommandLine cl, LoaderApi api) throws IOException {
        String name = cl.need(0, "manifest name", USAGE);
        if (name.length() < 3) {
            throw new IllegalArgumentException("manifest name too short: at least 3 characters");
        }
        String target = cl.value("-target").orElseThrow(() -> new IllegalArgumentException(
                "missing -target: the loaders this manifest is for, e.g. -target \"env#>>'{os}'='linux'\"\n" + USAGE));
        byte[] archive;
        List<ManifestArchiveWriter.Input> files = new ArrayList<>();
        for (String b : BUNDLE) {
            if (cl.value("-" + b).isPresent()) {
                files.add(new ManifestArchiveWriter.Input(b, read(Path.of(cl.value("-" + b).get()))));
            }
        }
        if (cl.value("-archive").isPresent()) {
            if (!files.isEmpty()) {
                throw new IllegalArgumentException("-archive or the files, not both\n" + USAGE);
            }
            archive = read(Path.of(cl.value("-archive").get()));
        } else if (files.isEmpty()) {
            throw new IllegalArgumentException("no file: -archive <file.tar.gz>, or one or more of "
                    + String.join(", ", BUNDLE.stream().map(b -> "-" + b).toList()) + "\n" + USAGE);
        } else {
            archive = ManifestArchiveWriter.pack(files, ctx.clock().instant());
        }
        Manifest m = archiveManifest(archive);
        JsonNode created = api.newManifest(name, target, Base64.getEncoder().encodeToString(archive));
        if (cl.json()) {
            ObjectNode shown = MigRecords.manifest(created.isEmpty() ? draft(name, target) : created);
            ctx.out().println(MigRecords.indent(shown));
        } else {
            m.entries().forEach(e -> ctx.err().println(e.sha256() + "  " + e.name()));
            ctx.out().println("Manifest successfully created" + (created.path("id").asLong() > 0
                    ? " (id " + created.path("id").asLong() + ", staged until signed)" : " (staged until signed)"));
        }
    }

    private static ObjectNode draft(String name, String target) {
        ObjectNode d = MigJson.mapper().createObjectNode();
        d.put("id", 0).put("name", name).put("content", "x").put("status", "staged").put("target", target);
        return d;
    }

    private static byte[] read(Path file) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + Problems.describe(e), e);
        }
        if (size > MAX_ARCHIVE_BYTES) {
            throw new IllegalArgumentException(file + " is " + size + " bytes, more than the " + MAX_ARCHIVE_BYTES
                    + " a manifest may hold");
        }
        return Files.readAllBytes(file);
    }

    /** The record's archive, decoded; a clear error when it holds none or no base64. */
    static byte[] content(JsonNode mr) {
        String c = mr.path("content").asText("");
        if (c.isEmpty()) {
            throw new IllegalArgumentException("manifest " + mr.path("id").asLong() + " has no content");
        }
        try {
            return Base64.getMimeDecoder().decode(c);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("manifest " + mr.path("id").asLong() + " content is not base64", e);
        }
    }

    /** The unsigned manifest of an archive (a clear error when it is not a usable tar.gz). */
    static Manifest archiveManifest(byte[] archive) {
        try {
            return ManifestArchive.read(archive).manifest();
        } catch (InvalidManifestException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The manifest of a record, as a loader would receive it (loader name empty, the record's signatures). */
    public static Manifest manifestOf(JsonNode mr) {
        List<String> sigs = new ArrayList<>();
        mr.path("signatures").forEach(s -> sigs.add(s.asText()));
        return archiveManifest(content(mr)).withSignatures(sigs);
    }

    /**
     * The investigator's signature of the record's manifest: MIG's de-armored detached signature over the signed
     * string (names and SHA-256s of the archive's files, loader name and signatures empty).
     */
    public static String signature(JsonNode mr, Signer signer) {
        byte[] data = archiveManifest(content(mr)).signedString().getBytes(StandardCharsets.UTF_8);
        try {
            return signer.sign(data);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot sign the manifest: " + Problems.describe(e), e);
        }
    }

    /** MIG console's {@code entry}: the ManifestResponse of the record, indented. */
    public static JsonNode entry(JsonNode mr) {
        Manifest m = manifestOf(mr);
        ObjectNode o = MigJson.mapper().createObjectNode();
        o.put("loader_name", "");
        ArrayNode es = o.putArray("entries");
        for (ManifestEntry e : m.entries()) {
            es.addObject().put("name", e.name()).put("sha256", e.sha256());
        }
        if (m.signatures().isEmpty()) {
            o.putNull("signatures");
        } else {
            ArrayNode ss = o.putArray("signatures");
            m.signatures().forEach(ss::add);
        }
        return o;
    }

    /** MIG console's {@code shasum}: sha256sum lines sorted by name. */
    public static void shasum(JsonNode mr, PrintStream out) {
        manifestOf(mr).entries().stream().sorted(Comparator.comparing(ManifestEntry::name))
                .forEach(e -> out.println(e.sha256() + "  " + e.name()));
    }

    static String describe(JsonNode mr) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("manifest %d '%s'%n  status:     %s%n  target:     %s%n  timestamp:  %s%n  signatures: %d",
                mr.path("id").asLong(), mr.path("name").asText(), mr.path("status").asText(), mr.path("target").asText(),
                mr.path("timestamp").asText(), mr.path("signatures").size()));
        if (!mr.path("content").asText("").isEmpty()) {
            ManifestArchive a = ManifestArchive.read(content(mr));
            sb.append(String.format("%n  files:"));
            a.files().forEach(f -> sb.append(String.format("%n    %s  %s (%d bytes)", f.sha256(), f.name(), f.size())));
        }
        return sb.toString();
    }

    /** MIG console's manifest search table. */
    public static void table(List<JsonNode> manifests, PrintStream out) {
        out.println("- ID - + ----      Name      ---- + -- Status -- + -------------- Target -------- + ---- Timestamp ---");
        for (JsonNode m : manifests) {
            String status = m.path("status").asText();
            out.printf("%6d   %s   %s   %s   %s%n", m.path("id").asLong(), LoaderCommand.pad(m.path("name").asText(), 24),
                    status.length() > 12 ? status.substring(0, 12) : String.format("%-12s", status),
                    LoaderCommand.pad(m.path("target").asText(), 30), MigRecords.seconds(m.path("timestamp").asText()));
        }
    }
}
