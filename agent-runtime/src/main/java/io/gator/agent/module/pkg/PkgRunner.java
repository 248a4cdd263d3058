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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

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
        if (ctx.root().equals(Path.of("/"))) {
            for (String bin : List.of("/usr/bin/rpm", "/bin/rpm")) {
                if (Files.isExecutable(Path.of(bin))) {
                    try {
                        all.addAll(rpm(bin, ctx));
                    } catch (IOException e) {
                        errors.add("rpm -qa: " + e.getMessage());
                    }
                    break;
                }
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
        try (BufferedReader r = Files.newBufferedReader(status, StandardCharsets.UTF_8)) {
            String name = "";
            String version = "";
            String arch = "";
            String st = "";
            String line;
            while (true) {
                line = r.readLine();
                if (line == null || line.isEmpty()) {
                    if (!name.isEmpty() && st.endsWith(" installed")) {
                        out.add(new PackageInfo(name, version, "dpkg", arch));
                    }
                    name = version = arch = st = "";
                    if (line == null) {
                        break;
                    }
                    ctx.checkCancelled(NAME);
                    continue;
                }
                if (line.startsWith("Package: ")) {
                    name = line.substring(9).trim();
                } else if (line.startsWith("Version: ")) {
                    version = line.substring(9).trim();
                } else if (line.startsWith("Architecture: ")) {
                    arch = line.substring(14).trim();
                } else if (line.startsWith("Status: ")) {
                    st = line.substring(8).trim();
                }
            }
        }
        return out;
    }

    static List<PackageInfo> rpm(String bin, ModuleContext ctx) throws IOException {
        Process pr = new ProcessBuilder(bin, "-qa", "--queryformat", "%{NAME} %{VERSION}-%{RELEASE} %{ARCH}\\n")
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
