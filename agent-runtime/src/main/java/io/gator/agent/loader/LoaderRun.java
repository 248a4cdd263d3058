package io.gator.agent.loader;

import io.gator.agent.QueueLocation;
import io.gator.agent.heartbeat.HostFacts;
import io.gator.core.agent.Agent;
import io.gator.core.manifest.InvalidManifestException;
import io.gator.core.manifest.Manifest;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.manifest.ManifestEntry;
import io.gator.core.manifest.ManifestSignatures;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of {@code gator loader}: the manifest of this host's loader entry, its signatures checked against the
 * loader's own keyring, the files whose SHA-256 differ fetched and each checked against the manifest (all of them
 * before any is installed), swapped in, the agent restarted and its next heartbeat awaited; without one in time,
 * every file goes back to its previous version, the agent is restarted again and the manifest is remembered so
 * that later runs leave it alone. mig-loader's steps and log lines, with three differences: nothing is replaced
 * unless every changed file verified, a change restarts the agent only when a file that needs it changed, and a
 * restart is judged by the heartbeat.
 */
public final class LoaderRun {
    /** Up to date, or updated and the agent heartbeating. */
    public static final int OK = 0;
    /** Nothing changed: the API, a signature, a file's hash or the disk refused the update, or the config is bad. */
    public static final int FAILED = 1;
    /** Usage error. */
    public static final int USAGE = 2;
    /** {@code -check}: the manifest differs from this host's files. */
    public static final int CHANGES_PENDING = 4;
    /**
     * Files were installed, the agent did not heartbeat in time, the previous versions are back (not 3: the JVM
     * exits 3 on -XX:+ExitOnOutOfMemoryError).
     */
    public static final int ROLLED_BACK = 5;

    private final LoaderSettings s;
    private final LoaderApi api;
    private final LoaderLog log;
    private final Clock clock;
    private final HeartbeatWait.Sleeper sleeper;
    private final AgentService service;
    private final RefusedManifests refused;

    public LoaderRun(LoaderSettings settings, LoaderApi api, LoaderLog log, Clock clock, HeartbeatWait.Sleeper sleeper) {
        this.s = settings;
        this.api = api;
        this.log = log;
        this.clock = clock;
        this.sleeper = sleeper;
        this.service = new AgentService(log, settings.restartTimeout());
        this.refused = new RefusedManifests(settings.stateDir());
    }

    /** Runs once; {@code checkOnly} reports what would change and changes nothing. Returns the exit code. */
    public int run(boolean checkOnly) throws InterruptedException {
        if (checkOnly) {
            return runLocked(true);
        }
        try {
            Files.createDirectories(s.stateDir());
            try (FileChannel ch = FileChannel.open(s.stateDir().resolve("loader.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.tryLock()) {
                if (lock == null) {
                    log.error("another gator loader run holds " + s.stateDir().resolve("loader.lock") + "; exiting");
                    return FAILED;
                }
                return runLocked(false);
            }
        } catch (IOException e) {
            log.error("state directory " + s.stateDir() + ": " + e.getMessage());
            return FAILED;
        }
    }

    private int runLocked(boolean checkOnly) throws InterruptedException {
        PgpVerifier verifier;
        Agent agent;
        Map<BundleFile, Optional<String>> have = new LinkedHashMap<>();
        try {
            verifier = new PgpVerifier(keyring());
            agent = identity();
            log.info("initialized local bundle information");
            for (BundleFile f : s.files()) {
                Optional<String> h = FileSwap.sha256(f.path());
                have.put(f, h);
                log.info(f.name() + " " + f.path() + " -> " + h.orElse("not found"));
            }
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            log.error(e.getMessage());
            return FAILED;
        }

        log.info("requesting manifest from " + api.url("manifest/agent/"));
        Manifest manifest;
        try {
            manifest = api.manifest(agent);
            if (manifest.loaderName().isEmpty()) {
                throw new InvalidManifestException("manifest response has no loader name");
            }
            List<String> signers = ManifestSignatures.validSigners(manifest, verifier);
            log.info(signers.size() + " valid signatures in manifest");
            ManifestSignatures.requireCount(signers.size(), s.requiredSignatures());
            log.info("manifest " + RefusedManifests.id(manifest) + " for loader " + manifest.loaderName()
                    + ", signed by " + String.join(", ", signers));
        } catch (LoaderApiException e) {
            log.error("requestManifest() -> " + e.getMessage());
            return FAILED;
        } catch (InvalidManifestException e) {
            log.error("checkManifestSignature() -> " + e.getMessage());
            return FAILED;
        }

        try {
            Optional<String> refusal = refused.refusal(manifest);
            if (refusal.isPresent()) {
                log.warn("manifest " + RefusedManifests.id(manifest) + " was rolled back on this host ("
                        + refusal.get().substring(refusal.get().indexOf(' ') + 1) + "); not installing it again until"
                        + " a new manifest is published (" + refused.file() + " lists it)");
                return OK;
            }
        } catch (IOException e) {
            log.error("cannot read " + refused.file() + ": " + e.getMessage());
            return FAILED;
        }

        List<Change> changes = new ArrayList<>();
        for (Map.Entry<BundleFile, Optional<String>> e : have.entrySet()) {
            BundleFile f = e.getKey();
            log.info("comparing " + f.name() + " " + f.path());
            Optional<ManifestEntry> want = manifest.entry(f.name());
            if (want.isEmpty()) {
                log.info("entry not in API manifest, ignoring");
                continue;
            }
            log.info("we have " + e.getValue().orElse("not found"));
            log.info("they have " + want.get().sha256());
            if (e.getValue().equals(Optional.of(want.get().sha256()))) {
                log.info("we have correct file, no need to replace");
                if (!checkOnly) {
                    try {
                        if (FileSwap.fixMode(f)) {
                            log.info(f.path() + " had incorrect permissions, set to " + f.modeString());
                        }
                    } catch (IOException ex) {
                        log.error("cannot set the mode of " + f.path() + ": " + ex.getMessage());
                        return FAILED;
                    }
                }
            } else {
                changes.add(new Change(f, want.get()));
            }
        }
        for (ManifestEntry e : manifest.entries()) {
            if (s.file(e.name()).isEmpty()) {
                log.info("manifest entry " + e.name() + " has no file on this host (gator.loader.files), ignoring");
            }
        }

        if (checkOnly) {
            changes.forEach(c -> log.info("would refresh " + c.file().name() + " (" + c.file().path() + ")"));
            log.info(changes.isEmpty() ? "up to date: nothing to change" : changes.size() + " file(s) would change");
            return changes.isEmpty() ? OK : CHANGES_PENDING;
        }
        if (changes.isEmpty()) {
            return checkAgent();
        }
        return update(agent, manifest, changes);
    }

    /** A file of the host that differs from its manifest entry. */
    private record Change(BundleFile file, ManifestEntry entry) {}

    private int update(Agent agent, Manifest manifest, List<Change> changes) throws InterruptedException {
        // every changed file is fetched and checked before any is installed: one bad file changes nothing
        Map<Change, Path> staged = new LinkedHashMap<>();
        try {
            for (Change c : changes) {
                log.info("refreshing " + c.file().name());
                log.info("fetching file from " + api.url("manifest/fetch/"));
                byte[] content = api.fetch(agent, c.file().name());
                log.info("validating staged file signature");
                String got = ManifestArchive.sha256(content);
                if (!got.equals(c.entry().sha256())) {
                    log.error("fetchAndReplace() -> staged file signature mismatch: " + c.file().name()
                            + " from the API has sha256 " + got + ", the manifest says " + c.entry().sha256()
                            + "; refused, nothing replaced");
                    return FAILED;
                }
                staged.put(c, FileSwap.stage(c.file(), content));
            }
        } catch (LoaderApiException e) {
            log.error("fetchFile() -> " + e.getMessage() + "; nothing replaced");
            return FAILED;
        } catch (IOException e) {
            log.error("cannot stage a file: " + e.getMessage() + "; nothing replaced");
            return FAILED;
        } finally {
            if (staged.size() < changes.size()) {
                discard(staged.values());
            }
        }

        List<FileSwap.Swapped> swapped = new ArrayList<>();
        try {
            for (Map.Entry<Change, Path> e : staged.entrySet()) {
                log.info("installing " + e.getKey().file().path() + " (previous version kept as "
                        + e.getKey().file().oldPath().getFileName() + ")");
                swapped.add(FileSwap.install(e.getKey().file(), e.getValue()));
            }
        } catch (IOException e) {
            log.error("cannot install a file: " + e.getMessage() + "; putting the previous versions back");
            discard(staged.values());
            undo(swapped);
            return FAILED;
        }

        if (changes.stream().noneMatch(c -> c.file().restartsAgent())) {
            log.info("updated " + changes.size() + " file(s); none needs the agent restarted");
            return OK;
        }
        log.info("running triggers due to modification");
        Instant restartAt = clock.instant();
        // the agent running now: a beat it still sends while being stopped does not count for the new one
        Optional<Long> oldPid = io.gator.agent.heartbeat.HeartbeatStamp.readBeat(s.heartbeatStamp())
                .map(io.gator.agent.heartbeat.HeartbeatStamp.Beat::pid).filter(p -> p != 0);
        String failure;
        if (!service.run(s.restartCommand())) {
            failure = "restart command failed";
        } else {
            Optional<Instant> beat = new HeartbeatWait(s.heartbeatStamp(), s.heartbeatTimeout(), s.heartbeatPoll(),
                    clock, sleeper).awaitAfter(restartAt, oldPid);
            if (beat.isPresent()) {
                log.info("agent heartbeat at " + beat.get() + ", "
                        + Duration.between(restartAt, beat.get()).toMillis() / 1000.0 + " s after the restart: updated "
                        + changes.size() + " file(s)");
                return OK;
            }
            failure = "no agent heartbeat in " + s.heartbeatStamp() + " within " + s.heartbeatTimeout().toSeconds()
                    + " s of the restart";
        }
        log.error(failure + ": rolling back to the previous versions");
        boolean restored = undo(swapped);
        if (!service.run(s.restartCommand())) {
            log.error("the agent's restart after the roll-back failed too");
        }
        try {
            refused.add(manifest, clock.instant(), failure);
            log.error("manifest " + RefusedManifests.id(manifest) + " rolled back"
                    + (restored ? "" : " (not every file could be restored)") + " and remembered in " + refused.file()
                    + ": later runs will not install it");
        } catch (IOException e) {
            log.error("cannot remember the rolled-back manifest in " + refused.file() + ": " + e.getMessage());
        }
        return ROLLED_BACK;
    }

    /** Nothing changed: checks that the agent runs (mig-loader's `mig-agent -q pid`), restarting it when not. */
    private int checkAgent() {
        if (s.checkCommand().isEmpty()) {
            log.info("up to date: nothing to change");
            return OK;
        }
        if (service.run(s.checkCommand())) {
            log.info("agent looks like it is running");
            return OK;
        }
        log.info("agent does not appear to be running, trying to start");
        return service.run(s.restartCommand()) ? OK : FAILED;
    }

    private boolean undo(List<FileSwap.Swapped> swapped) {
        boolean all = true;
        for (int i = swapped.size() - 1; i >= 0; i--) {
            FileSwap.Swapped w = swapped.get(i);
            try {
                FileSwap.undo(w);
                log.info("restored " + w.file().path() + (w.hadPrevious() ? " from " + w.file().oldPath().getFileName()
                        : " (removed: it did not exist before)"));
            } catch (IOException e) {
                all = false;
                log.error("cannot restore " + w.file().path() + ": " + e.getMessage());
            }
        }
        return all;
    }

    private void discard(java.util.Collection<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                log.warn("cannot remove staged file " + p + ": " + e.getMessage());
            }
        }
    }

    private Keyring keyring() {
        Path k = s.keyring();
        Keyring ring;
        if (Files.isDirectory(k)) {
            ring = Keyring.fromDirectory(k);
        } else if (Files.isRegularFile(k)) {
            ring = Keyring.fromFile(k);
        } else {
            throw new IllegalArgumentException("gator.loader.keyring: " + k + " is neither a directory nor a file");
        }
        if (ring.size() == 0) {
            throw new IllegalArgumentException("gator.loader.keyring: no investigator key in " + k
                    + ", so no manifest can be trusted");
        }
        log.info("loaded " + ring.size() + " investigator key(s) from " + k);
        return ring;
    }

    /** The agent as mig-loader describes it to the API: name, queue location, pid, environment, tags. */
    private Agent identity() {
        String os = HostFacts.osFamily();
        String queueLoc = QueueLocation.loadOrCreate(s.agentRunDir(), os);
        String publicIp = s.publicIp();
        if (publicIp.isEmpty() && s.discoverPublicIp()) {
            try {
                publicIp = api.publicIp();
                log.info("Found public ip " + publicIp);
            } catch (LoaderApiException e) {
                log.info("Public IP retrieval from API failed. Error was: " + e.getMessage());
            }
        }
        return Agent.of(s.name(), queueLoc).withProcess("", ProcessHandle.current().pid())
                .withEnvironment(HostFacts.read(List.of(), publicIp, false, "")).withTags(s.tags());
    }
}
