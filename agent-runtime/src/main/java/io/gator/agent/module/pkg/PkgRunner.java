package io.gator.agent.module.pkg;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.command.Result;
import io.gator.core.module.GoFormat;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.pkg.PackageInfo;
import io.gator.core.module.pkg.PkgModule;
import io.gator.core.module.pkg.PkgParameters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** MIG's pkg module: dpkg's status file, and {@code rpm -qa} when an rpm binary exists on the real root. */
public final class PkgRunner implements ModuleRunner<PkgParameters> {
    private static final String NAME = PkgModule.INSTANCE.name();

    @Override
    public ModuleDefinition<PkgParameters> definition() {
        return PkgModule.INSTANCE;
    }

    @Override
    public Result run(PkgParameters p, ModuleContext ctx) {
        long t0 = System.nanoTime();
        List<String> errors = new ArrayList<>();
        List<PackageInfo> all = new ArrayList<>();
        Path status = ctx.system("/var/lib/dpkg/status");
        if (Files.isRegularFile(status)) {
            try {
                all.addAll(dpkg(status, ctx));
            } catch (IOException e) {
                errors.add("reading " + status + ": " + e.getMessage());
            }
        }
        Optional<String> bin = rpmBinary(ctx);
        if (bin.isPresent()) {
            try {
                all.addAll(rpm(bin.get(), "%{VERSION}-%{RELEASE}", ctx));
            } catch (IOException e) {
                errors.add("rpm -qa: " + e.getMessage());
            }
        }
        List<Pattern> names = p.matches().stream().map(Pattern::compile).toList();
        Pattern ver = p.verMatch().isEmpty() ? null : Pattern.compile(p.verMatch());
        List<PackageInfo> hits = new ArrayList<>();
        for (PackageInfo pi : all) {
            if (names.stream().anyMatch(n -> n.matcher(pi.name()).find())
                    && (ver == null || ver.matcher(pi.version()).find())) {
                hits.add(pi);
            }
        }
        return new Result(!hits.isEmpty(), errors.isEmpty() || !all.isEmpty(), PkgModule.elementsJson(hits),
                PkgModule.statisticsJson(GoFormat.duration(System.nanoTime() - t0)), errors);
    }

    /** Installed packages of a dpkg status file (paragraphs whose Status ends in {@code installed}). */
    static List<PackageInfo> dpkg(Path status, ModuleContext ctx) throws IOException {
        List<PackageInfo> out = new ArrayList<>();
        for (Map<String, String> p : paragraphs(status, ctx)) {
            if (p.get("Status").endsWith(" installed")) {
                out.add(new PackageInfo(p.get("Package"), p.get("Version"), "dpkg", p.get("Architecture")));
            }
        }
        return out;
    }

    /**
     * The packages {@code dpkg -l} lists as fully installed ({@code ii}), sorted by name as it sorts them, and named
     * as it names them: {@code name:arch} for a {@code Multi-Arch: same} package or one of a foreign architecture
     * (any other than dpkg's own).
     */
    public static List<PackageInfo> dpkgList(ModuleContext ctx) throws IOException {
        Path status = ctx.system("/var/lib/dpkg/status");
        if (!Files.isRegularFile(status)) {
            return List.of();
        }
        List<Map<String, String>> all = paragraphs(status, ctx);
        String nativeArch = all.stream().filter(p -> p.get("Package").equals("dpkg")).map(p -> p.get("Architecture"))
                .findFirst().orElse("");
        List<PackageInfo> out = new ArrayList<>();
        for (Map<String, String> p : all) {
            if (!p.get("Status").equals("install ok installed")) {
                continue;
            }
            String arch = p.get("Architecture");
            boolean foreign = !nativeArch.isEmpty() && !arch.equals(nativeArch) && !arch.equals("all");
            String name = p.get("Package");
            if (!arch.isEmpty() && (p.get("Multi-Arch").equals("same") || foreign)) {
                name = name + ":" + arch;
            }
            out.add(new PackageInfo(name, p.get("Version"), "dpkg", arch));
        }
        out.sort(Comparator.comparing(PackageInfo::name).thenComparing(PackageInfo::arch));
        return out;
    }

    /** Each paragraph of a dpkg status file that names a package, with the fields the readers use. */
    private static List<Map<String, String>> paragraphs(Path status, ModuleContext ctx) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(status, StandardCharsets.UTF_8)) {
            Map<String, String> p = emptyParagraph();
            String line;
            while (true) {
                line = r.readLine();
                if (line == null || line.isEmpty()) {
                    if (!p.get("Package").isEmpty()) {
                        out.add(p);
                    }
                    p = emptyParagraph();
                    if (line == null) {
                        break;
                    }
                    ctx.checkCancelled(NAME);
                    continue;
                }
                int colon = line.indexOf(": ");
                if (colon > 0 && p.containsKey(line.substring(0, colon))) {
                    p.put(line.substring(0, colon), line.substring(colon + 2).trim());
                }
            }
        }
        return out;
    }

    private static Map<String, String> emptyParagraph() {
        Map<String, String> p = new HashMap<>();
        for (String field : List.of("Package", "Version", "Architecture", "Status", "Multi-Arch")) {
            p.put(field, "");
        }
        return p;
    }

    /** The rpm program, when the context is the real system and it has one. */
    public static Optional<String> rpmBinary(ModuleContext ctx) {
        if (!ctx.root().equals(Path.of("/"))) {
            return Optional.empty();
        }
        return Stream.of("/usr/bin/rpm", "/bin/rpm").filter(b -> Files.isExecutable(Path.of(b))).findFirst();
    }

    /** {@code rpm -qa}, each version written as {@code versionFormat} (rpm query tags) gives it. */
    public static List<PackageInfo> rpm(String bin, String versionFormat, ModuleContext ctx) throws IOException {
        Process pr = new ProcessBuilder(bin, "-qa", "--queryformat", "%{NAME} " + versionFormat + " %{ARCH}\\n")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<PackageInfo> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(pr.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (ctx.isCancelled()) {
                    pr.destroyForcibly();
                    ctx.checkCancelled(NAME);
                }
                String[] c = line.trim().split(" ");
                if (c.length == 3) {
                    out.add(new PackageInfo(c[0], c[1], "rpm", c[2]));
                }
            }
        } finally {
            try {
                if (!pr.waitFor(5, TimeUnit.SECONDS)) {
                    pr.destroyForcibly();
                }
            } catch (InterruptedException e) {
                pr.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        return out;
    }
}
