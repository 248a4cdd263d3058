package io.gator.platform.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a MIG runner directory ({@code runners/<job>/entity.cfg} and {@code action.json}, as mig-runner loaded
 * them) and writes the {@code mig schedule} command that signs an equivalent series for each job; a job that cannot
 * be translated is named with the reason. Nothing is signed or posted here: the investigator runs the commands.
 */
public final class RunnerImport {
    /** entity.cfg and action.json larger than this are refused before they are read. */
    static final long MAX_FILE = 1 << 20;
    /** MIG runner's default per-run expiry (entity.go). */
    static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(5);

    /** One job: the command to run, or empty with the reason it was not translated. */
    public record Job(String name, String command, String problem, List<String> notes) {
        public boolean translated() {
            return !command.isEmpty();
        }
    }

    private RunnerImport() {}

    public static List<Job> read(Path dir, Instant now, Duration span) throws IOException {
        Path runners = dir.resolve("runners");
        if (!Files.isDirectory(runners)) {
            throw new IOException(dir + " is not a MIG runner directory (no runners/ in it)");
        }
        List<Path> jobs;
        try (Stream<Path> s = Files.list(runners)) {
            jobs = s.filter(Files::isDirectory).sorted().toList();
        }
        List<Job> out = new ArrayList<>();
        for (Path job : jobs) {
            out.add(job(job, now, span));
        }
        return out;
    }

    static Job job(Path job, Instant now, Duration span) {
        String name = job.getFileName().toString();
        List<String> notes = new ArrayList<>();
        Map<String, String> cfg;
        try {
            cfg = entityCfg(small(job.resolve("entity.cfg")));
        } catch (IOException | IllegalArgumentException e) {
            return new Job(name, "", "entity.cfg: " + e.getMessage(), notes);
        }
        Path actionFile = job.resolve("action.json");
        try {
            JsonNode action = new ObjectMapper().readTree(small(actionFile));
            if (action == null || !action.isObject()) {
                return new Job(name, "", "action.json is not a JSON object", notes);
            }
            if (action.path("target").asText("").isEmpty()) {
                notes.add("its action has an empty target: the API will refuse every run, as MIG's did");
            }
        } catch (IOException e) {
            return new Job(name, "", "action.json is not JSON: " + firstLine(e.getMessage()), notes);
        }
        String schedule = cfg.getOrDefault("schedule", "");
        if (schedule.isEmpty()) {
            return new Job(name, "", "entity.cfg has no schedule", notes);
        }
        RunnerCron.Translation t = RunnerCron.translate(schedule, now);
        if (t.period().isEmpty()) {
            return new Job(name, "", "schedule " + t.problem(), notes);
        }
        Duration expiry = DEFAULT_EXPIRY;
        String e = cfg.getOrDefault("expiry", "");
        if (!e.isEmpty()) {
            try {
                expiry = io.gator.cli.launch.GoDuration.parse(e);
            } catch (IllegalArgumentException x) {
                return new Job(name, "", "expiry '" + e + "' is not a duration", notes);
            }
        }
        Duration every = t.period().get().every();
        if (expiry.compareTo(every) > 0) {
            notes.add("its expiry " + e + " is longer than the period: each run is open until the next one");
            expiry = every;
        }
        StringBuilder cmd = new StringBuilder("mig schedule -i ").append(quote(actionFile.toAbsolutePath().toString()))
                .append(" -every ").append(go(every)).append(" -start ").append(t.period().get().start())
                .append(" -for ").append(go(span)).append(" -e ").append(go(expiry));
        String plugin = cfg.getOrDefault("plugin", "");
        boolean sendOnly = cfg.getOrDefault("sendonly", "false").equalsIgnoreCase("true");
        if (!plugin.isEmpty() && !sendOnly) {
            cmd.append(" -sink plugin:").append(quote(plugin));
            notes.add("install plugin '" + plugin + "' in the scheduler's gator.scheduler.sinks.plugin-directory");
        }
        notes.add("MIG named each run 'mig-runner: " + name + "'; the series keeps the name in action.json");
        return new Job(name, cmd.toString(), "", notes);
    }

    /** gcfg as mig-runner read entity.cfg: {@code [configuration]} then {@code key = "value"} lines. */
    static Map<String, String> entityCfg(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String section = "";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip().toLowerCase(java.util.Locale.ROOT);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("cannot read line '" + line + "'");
            }
            if (!section.equals("configuration")) {
                continue;
            }
            String v = line.substring(eq + 1).strip();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            out.put(line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), v);
        }
        return out;
    }

    private static String small(Path f) throws IOException {
        if (Files.size(f) > MAX_FILE) {
            throw new IOException(f.getFileName() + " is larger than " + MAX_FILE + " bytes");
        }
        return Files.readString(f);
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s;
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** A duration as mig schedule reads it: whole days as Nd, else Go's form. */
    static String go(Duration d) {
        if (d.toHours() % 24 == 0 && d.toDays() > 0 && d.toSecondsPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() + "d";
        }
        StringBuilder sb = new StringBuilder();
        if (d.toHours() > 0) {
            sb.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || sb.length() == 0) {
            sb.append(d.toSecondsPart()).append('s');
        }
        return sb.toString();
    }

    /** POSIX shell single quotes when needed. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./:=@%+-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
