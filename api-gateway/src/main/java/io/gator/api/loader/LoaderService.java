package io.gator.api.loader;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.api.backend.BackendRejectedException;
import io.gator.api.backend.BackendUnavailableException;
import io.gator.api.backend.ForbiddenException;
import io.gator.api.backend.NotFoundException;
import io.gator.core.investigator.Investigator;
import io.gator.core.json.MigJson;
import io.gator.core.json.SafeText;
import io.gator.core.manifest.InvalidManifestException;
import io.gator.core.manifest.Manifest;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.sign.Armor;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpVerifier;
import io.gator.core.sign.SignatureException;
import io.gator.core.target.SqlDialect;
import io.gator.core.target.SqlWhere;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * MIG's loader and manifest operations over {@link LoaderStore}: every check MIG makes, and those it leaves
 * out (sizes, NULs, targets parsed instead of run as SQL, signatures verified against the signer's own key
 * over the manifest's signed string, the signature count checked again when serving). Nothing here signs.
 */
public final class LoaderService {
    private static final Logger LOG = LoggerFactory.getLogger(LoaderService.class);
    /** MIG's message for a missing, malformed, unknown, wrong or disabled loader key (indistinguishable on purpose). */
    public static final String AUTH_FAILED = "Loader authorization failed";
    /** MIG's column widths. */
    static final int MAX_NAME = 256;
    static final int MAX_SIGNATURE = 4096;
    /**
     * Reads a manifest record whose content (the archive in base64) is longer than Jackson's default string limit;
     * the request's body limit bounds it.
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper LARGE_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE).build()).build());
    /** Most loaders {@code manifest/loaders/} lists. */
    static final int MAX_LISTED = 10_000;

    private final LoaderSettings settings;
    private final LoaderStore store;
    private final LoaderTargets targets;
    private final Clock clock;
    private final Executor blocking;
    private final Map<Long, Parsed> archives;

    /**
     * A manifest's archive read once, the unsigned manifest of its files, and what {@code manifest/fetch/} serves
     * for each file, made once (gzip of a 27 MB agent jar costs about a second of CPU).
     */
    private record Parsed(ManifestArchive archive, Manifest manifest,
                          java.util.concurrent.ConcurrentHashMap<String, String> fetchData) {
        Parsed(ManifestArchive archive) {
            this(archive, archive.manifest(), new java.util.concurrent.ConcurrentHashMap<>());
        }
    }

    public LoaderService(LoaderSettings settings, LoaderStore store, Clock clock, Executor blocking) {
        this.settings = settings;
        this.store = store;
        this.targets = new LoaderTargets(store.dialect() == Dialect.H2 ? SqlDialect.H2 : SqlDialect.POSTGRESQL, clock);
        this.clock = clock;
        this.blocking = blocking;
        int cap = settings.archiveCacheEntries();
        this.archives = java.util.Collections.synchronizedMap(new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Parsed> eldest) {
                return size() > cap;
            }
        });
    }

    public LoaderSettings settings() {
        return settings;
    }

    // ---- investigators: loaders

    /** MIG's {@code loader/new/}: form field {@code loader} holds a LoaderEntry; answers it with its new key. */
    public CompletionStage<LoaderEntry> newLoader(String loaderJson) {
        JsonNode le = object(loaderJson, "loader", "a LoaderEntry");
        String name = text(le, "name", "loader").strip();
        if (name.isEmpty()) {
            throw new BackendRejectedException("loader name is empty");
        }
        checkLength(name, MAX_NAME, "loader name");
        String expect = text(le, "expectenv", "loader").strip();
        checkExpectEnv(expect);
        return io(() -> {
            for (int attempt = 0; attempt < 5; attempt++) {
                LoaderKey.Issued key = LoaderKey.issue();
                Optional<LoaderEntry> added = store.addLoader(name, expect, key, now());
                if (added.isPresent()) {
                    LOG.info("loader {} '{}' created (disabled)", added.get().id(), name);
                    return added.get().withKey(key.key().secret());
                }
            }
            throw new BackendUnavailableException("no free loader key prefix, retry");
        });
    }

    public CompletionStage<LoaderEntry> loader(long id) {
        return io(() -> store.loader(id).orElseThrow(() -> loaderNotFound(id)));
    }

    /** {@code enabled} or {@code disabled} (MIG disables on any other word; Gator refuses it). */
    public CompletionStage<Void> setStatus(long id, String status) {
        boolean enable;
        if ("enabled".equals(status)) {
            enable = true;
        } else if ("disabled".equals(status)) {
            enable = false;
        } else {
            throw new BackendRejectedException("loader status must be 'enabled' or 'disabled', got '" + status + "'");
        }
        return io(() -> {
            if (!store.setEnabled(id, enable)) {
                throw loaderNotFound(id);
            }
            LOG.info("loader {} {}", id, status);
            return null;
        });
    }

    /** Sets the expected environment (a loader target the loader's report must satisfy); empty clears it. */
    public CompletionStage<Void> setExpectEnv(long id, String expectEnv) {
        String e = expectEnv.strip();
        checkExpectEnv(e);
        return io(() -> {
            if (!store.setExpectEnv(id, e)) {
                throw loaderNotFound(id);
            }
            return null;
        });
    }

    /** A new secret under the entry's prefix; the entry answered with it, the only time it is shown. */
    public CompletionStage<LoaderEntry> newKey(long id) {
        return io(() -> {
            LoaderEntry e = store.loader(id).orElseThrow(() -> loaderNotFound(id));
            LoaderKey.Issued key = LoaderKey.issue(e.prefix());
            store.setKey(id, key.hashHex(), key.saltHex());
            LOG.info("loader {} '{}' has a new key", id, e.name());
            return e.withKey(key.key().secret());
        });
    }

    public CompletionStage<List<LoaderEntry>> searchLoaders(LoaderSearch q) {
        return io(() -> store.searchLoaders(q).stream().map(LoaderEntry::summary).toList());
    }

    // ---- investigators: manifests

    /** MIG's {@code manifest/new/}: form field {@code manifest} holds a ManifestRecord; stored staged. */
    public CompletionStage<ManifestRecord> newManifest(String manifestJson) {
        JsonNode mr = object(manifestJson, "manifest", "a ManifestRecord");
        String name = text(mr, "name", "manifest").strip();
        String target = text(mr, "target", "manifest").strip();
        String content = text(mr, "content", "manifest");
        if (name.isEmpty()) {
            throw new BackendRejectedException("manifest has invalid name");
        }
        checkLength(name, MAX_NAME, "manifest name");
        if (target.isEmpty()) {
            throw new BackendRejectedException("manifest has invalid target");
        }
        checkLength(target, LoaderTargets.MAX_LENGTH, "manifest target");
        LoaderTargets.parse(target, "manifest target");
        if (content.isEmpty()) {
            throw new BackendRejectedException("manifest has no content (the base64 of a tar.gz archive)");
        }
        read(content);
        return io(() -> {
            long id = store.addManifest(name, content, target, now());
            LOG.info("manifest {} '{}' created (staged)", id, name);
            return store.manifestWithoutContent(id).orElseThrow().summary();
        });
    }

    public CompletionStage<ManifestRecord> manifest(long id) {
        return io(() -> store.manifest(id).orElseThrow(() -> manifestNotFound(id)));
    }

    /**
     * Adds the caller's signature: it must verify over the manifest's signed string (Gator's whole-file hashes)
     * with the caller's own key. The manifest becomes active at {@code required-signatures}.
     */
    public CompletionStage<ManifestRecord> sign(long id, String signature, Investigator caller) {
        String sig = signature == null ? "" : signature.strip();
        if (sig.isEmpty()) {
            throw new BackendRejectedException("Invalid signature specified");
        }
        if (sig.length() > MAX_SIGNATURE * 2) {
            throw new BackendRejectedException("signature is longer than " + MAX_SIGNATURE + " characters");
        }
        String stored;
        try {
            stored = sig.contains("-----BEGIN PGP SIGNATURE-----") ? Armor.dearmor(sig) : sig;
        } catch (SignatureException e) {
            throw new BackendRejectedException("malformed signature: " + e.getMessage());
        }
        checkLength(stored, MAX_SIGNATURE, "signature");
        return io(() -> {
            ManifestRecord m = store.manifest(id).orElseThrow(() -> manifestNotFound(id));
            if (m.manifestStatus() == ManifestStatus.DISABLED) {
                throw new BackendRejectedException("manifest " + id + " is disabled and cannot be signed");
            }
            verifyBy(parsed(m).manifest(), stored, caller, id);
            switch (store.addSignature(id, caller.id(), stored, settings.requiredSignatures(), now())) {
                case NO_SUCH_MANIFEST -> throw manifestNotFound(id);
                case DISABLED -> throw new BackendRejectedException("manifest " + id + " is disabled and cannot be signed");
                case ALREADY_SIGNED -> throw new BackendRejectedException("investigator " + caller.name()
                        + " already signed manifest " + id + ": an investigator signs once");
                case SIGNED -> LOG.info("manifest {} signed by {}", id, caller.name());
                default -> throw new IllegalStateException();
            }
            return store.manifestWithoutContent(id).orElseThrow(() -> manifestNotFound(id)).summary();
        });
    }

    private static void verifyBy(Manifest manifest, String sig, Investigator caller, long id) {
        if (caller.publicKey().isEmpty()) {
            throw new BackendRejectedException("investigator " + caller.name() + " has no public key to verify with");
        }
        String fp;
        try {
            Keyring keyring = Keyring.ofArmored(new String(Base64.getDecoder().decode(caller.publicKey()),
                    StandardCharsets.UTF_8));
            fp = new PgpVerifier(keyring).verify(manifest.signedString(), sig);
        } catch (SignatureException | IllegalArgumentException e) {
            throw new BackendRejectedException("the signature does not verify over manifest " + id + "'s signed "
                    + "string with " + caller.name() + "'s key (Gator hashes whole files: sign what `mig manifest "
                    + "sign` or GET manifest shows, not MIG's truncated hashes): " + e.getMessage());
        }
        if (!Keyring.normalize(fp).equals(Keyring.normalize(caller.pgpFingerprint()))) {
            throw new ForbiddenException("the signature is not by " + caller.name() + "'s key");
        }
    }

    /** {@code staged} (reset: signatures removed) or {@code disabled} (for good). */
    public CompletionStage<Void> setManifestStatus(long id, String status) {
        if (!"staged".equals(status) && !"disabled".equals(status)) {
            throw new BackendRejectedException("Invalid status specified, must be disabled or staged");
        }
        return io(() -> {
            boolean found = status.equals("staged") ? store.reset(id, settings.requiredSignatures())
                    : store.disable(id);
            if (!found) {
                throw manifestNotFound(id);
            }
            LOG.info("manifest {} set {}", id, status);
            return null;
        });
    }

    /** The enabled loaders a staged or active manifest's target selects. */
    public CompletionStage<List<LoaderEntry>> loadersOf(long id) {
        return io(() -> {
            ManifestRecord m = store.manifest(id).orElseThrow(() -> manifestNotFound(id));
            if (m.manifestStatus() == ManifestStatus.DISABLED) {
                throw new NotFoundException("No matching loaders for manifest '" + id + "'");
            }
            List<LoaderEntry> found = store.enabledMatching(targets.compile(m.target(), "manifest target", "l"),
                    MAX_LISTED);
            if (found.isEmpty()) {
                throw new NotFoundException("No matching loaders for manifest '" + id + "'");
            }
            return found;
        });
    }

    public CompletionStage<List<ManifestRecord>> searchManifests(ManifestSearch q) {
        return io(() -> store.searchManifests(q));
    }

    // ---- loaders

    /** The enabled loader entry of an {@code X-LOADERKEY}; 401 {@value #AUTH_FAILED} otherwise. */
    public CompletionStage<LoaderStore.KeyCheck> authenticate(String header) {
        Optional<LoaderKey> key = LoaderKey.parse(header);
        if (key.isEmpty()) {
            return CompletableFuture.failedFuture(new LoaderAuthException(AUTH_FAILED));
        }
        return io(() -> store.enabledByPrefix(key.get().prefix())
                .filter(k -> key.get().matches(k.hashHex(), k.saltHex()))
                .orElseThrow(() -> new LoaderAuthException(AUTH_FAILED)));
    }

    /** MIG's {@code manifest/agent/}: the loader's report recorded, then the manifest it must run. */
    public CompletionStage<Manifest> agentManifest(LoaderStore.KeyCheck loader, LoaderReport report) {
        return io(() -> {
            ManifestRecord m = locate(loader, report);
            return parsed(m).manifest().withLoaderName(loader.loaderName()).withSignatures(m.signatureList());
        });
    }

    /** MIG's {@code manifest/fetch/}: one file of the loader's manifest, base64 of its gzip. */
    public CompletionStage<String> fetch(LoaderStore.KeyCheck loader, LoaderReport report) {
        if (report.object().isEmpty()) {
            throw new BackendRejectedException("manifest fetch with no object");
        }
        return io(() -> {
            ManifestRecord m = locate(loader, report);
            Parsed p = parsed(m);
            ManifestArchive.File f = p.archive().file(report.object()).orElseThrow(() ->
                    new NotFoundException("object " + report.object() + " not found in manifest"));
            return p.fetchData().computeIfAbsent(f.name(), n -> ManifestArchive.fetchData(f.content()));
        });
    }

    private ManifestRecord locate(LoaderStore.KeyCheck loader, LoaderReport report) {
        store.recordSeen(loader.loaderId(), report, now());
        LoaderEntry entry = store.loader(loader.loaderId()).orElseThrow(NoManifestException::new);
        if (!entry.expectEnv().isEmpty() && !store.matches(loader.loaderId(),
                targets.compile(entry.expectEnv(), "expected environment", "l"))) {
            LOG.warn("loader {} '{}': loader environment verification failed", loader.loaderId(), loader.loaderName());
            throw new NoManifestException();
        }
        for (LoaderStore.Candidate c : store.activeManifests()) {
            if (c.signatures() < settings.requiredSignatures()) {
                continue; // active with fewer than required now (the setting was raised): never served
            }
            SqlWhere where;
            try {
                where = targets.compile(c.target(), "manifest target", "l");
            } catch (BackendRejectedException e) {
                LOG.warn("manifest {}: {}", c.id(), e.getMessage());
                continue;
            }
            if (store.matches(loader.loaderId(), where)) {
                return store.manifestWithoutContent(c.id()).orElseThrow(NoManifestException::new);
            }
        }
        throw new NoManifestException();
    }

    private Parsed parsed(ManifestRecord m) {
        Parsed p = archives.get(m.id());
        if (p == null) {
            String content = m.content().isEmpty()
                    ? store.manifest(m.id()).orElseThrow(NoManifestException::new).content() : m.content();
            p = new Parsed(read(content));
            if (settings.archiveCacheEntries() > 0) {
                archives.put(m.id(), p);
            }
        }
        return p;
    }

    private ManifestArchive read(String base64) {
        byte[] tarGz;
        try {
            tarGz = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new BackendRejectedException("manifest content is not base64: " + e.getMessage());
        }
        try {
            return ManifestArchive.read(tarGz, settings.archiveLimits());
        } catch (InvalidManifestException e) {
            throw new BackendRejectedException(e.getMessage());
        }
    }

    // ---- plumbing

    private void checkExpectEnv(String expect) {
        if (!expect.isEmpty()) {
            checkLength(expect, LoaderTargets.MAX_LENGTH, "expected environment");
            LoaderTargets.parse(expect, "expected environment");
        }
    }

    private static JsonNode object(String json, String field, String what) {
        if (json == null || json.isEmpty()) {
            throw new BackendRejectedException("no " + field + " specified in form (field '" + field + "' holds "
                    + what + " as JSON)");
        }
        JsonNode n;
        try {
            n = LARGE_JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BackendRejectedException("malformed " + field + " JSON: " + e.getOriginalMessage());
        }
        if (n == null) {
            throw new BackendRejectedException("malformed " + field + " JSON: empty");
        }
        if (!n.isObject()) {
            throw new BackendRejectedException(field + " must be a JSON object (" + what + ")");
        }
        SafeText.problem(n, field).ifPresent(p -> {
            throw new BackendRejectedException(p);
        });
        return n;
    }

    private static String text(JsonNode o, String name, String what) {
        JsonNode n = o.path(name);
        if (n.isMissingNode() || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw new BackendRejectedException(what + " field '" + name + "' must be a string");
        }
        return n.textValue();
    }

    private static void checkLength(String s, int max, String what) {
        if (s.length() > max) {
            throw new BackendRejectedException(what + " is longer than " + max + " characters");
        }
    }

    private static NotFoundException loaderNotFound(long id) {
        return new NotFoundException("Loader ID '" + id + "' not found");
    }

    private static NotFoundException manifestNotFound(long id) {
        return new NotFoundException("Manifest ID '" + id + "' not found");
    }

    private OffsetDateTime now() {
        // microseconds: what both databases keep
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private <T> CompletionStage<T> io(Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (PersistenceException e) {
                LOG.error("loader store failed", e);
                throw new BackendUnavailableException("the database is not reachable: " + e.getMessage());
            }
        }, blocking);
    }
}
