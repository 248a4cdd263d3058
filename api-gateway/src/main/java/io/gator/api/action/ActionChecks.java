package io.gator.api.action;

import io.gator.core.action.Action;
import io.gator.core.action.ActionValidator;
import io.gator.core.action.InvalidActionException;
import io.gator.core.action.Operation;
import io.gator.core.investigator.Investigator;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigJsonException;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.gator.core.json.SafeText;
import io.gator.core.action.Compression;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything the API checks on a submitted action before storing it, in this order: JSON shape,
 * MIG's structural rules (name, target, syntax version, window order, operations, signatures
 * present), the validity window against the clock, known modules, module parameters, the target
 * grammar, and finally every signature (valid, and from an active investigator).
 */
public final class ActionChecks {
    /**
     * Bounds from {@code gator.api}: the longest validity window (and how far ahead of now expireafter may
     * lie), and the largest inflated size of an operation's compressed parameters.
     */
    public record Limits(Duration maxWindow, int maxInflatedParameters, int maxTextLength) {
        /** The reference.conf defaults. */
        public static final Limits DEFAULTS = new Limits(Duration.ofDays(90), 4 * 1024 * 1024, 256 * 1024);

        public Limits(Duration maxWindow, int maxInflatedParameters) {
            this(maxWindow, maxInflatedParameters, DEFAULTS.maxTextLength());
        }

        public Limits {
            if (maxTextLength <= 0) {
                throw new IllegalArgumentException("gator.api.max-text-length must be positive, got " + maxTextLength);
            }
            if (maxWindow.isNegative() || maxWindow.isZero()) {
                throw new IllegalArgumentException("gator.api.max-action-window must be positive, got " + maxWindow);
            }
            if (maxInflatedParameters <= 0 || maxInflatedParameters > Compression.MAX_DECOMPRESSED_BYTES) {
                throw new IllegalArgumentException("gator.api.max-inflated-parameters must be in 1.."
                        + Compression.MAX_DECOMPRESSED_BYTES + " bytes, got " + maxInflatedParameters);
            }
        }
    }

    private static final java.util.regex.Pattern COMPRESSED_PARAMETERS =
            java.util.regex.Pattern.compile("operations\\[\\d+\\]\\.parameters");

    private final Clock clock;
    private final Limits limits;
    private final Set<String> knownModules;
    private final ParameterValidator parameters;
    private final TargetValidator targets;
    private final ActionSignatureVerifier signatures;

    public ActionChecks(Clock clock, Set<String> knownModules, ParameterValidator parameters,
                        TargetValidator targets, ActionSignatureVerifier signatures) {
        this(clock, knownModules, parameters, targets, signatures, Limits.DEFAULTS);
    }

    public ActionChecks(Clock clock, Set<String> knownModules, ParameterValidator parameters,
                        TargetValidator targets, ActionSignatureVerifier signatures, Limits limits) {
        this.clock = clock;
        this.limits = limits;
        this.knownModules = Set.copyOf(knownModules);
        this.parameters = parameters;
        this.targets = targets;
        this.signatures = signatures;
    }

    /** The size limits actions are checked against. */
    public Limits limits() {
        return limits;
    }

    /** Parses and checks everything that needs no keys; throws {@link ActionRejectedException}. */
    public Action parse(String json) {
        if (json == null || json.isBlank()) {
            throw new ActionRejectedException("missing form field 'action' (the signed action JSON)");
        }
        JsonNode tree;
        try {
            tree = MigJson.tree(json);
        } catch (MigJsonException e) {
            throw new ActionRejectedException("malformed action JSON: " + stripPrefix(e.getMessage()));
        }
        if (!tree.isObject()) {
            throw new ActionRejectedException("malformed action JSON: expected an object, got " + tree.getNodeType());
        }
        // every text reaches PostgreSQL (journal, read tables) and agents: refuse what cannot be stored
        // compressed parameters are one long text, bounded by the body limit and checked again once inflated
        SafeText.problem(tree, "", limits.maxTextLength(), COMPRESSED_PARAMETERS.asMatchPredicate()).ifPresent(p -> {
            throw new ActionRejectedException("action text cannot be stored: " + p
                    + (p.contains("more than") ? " (gator.api.max-text-length)" : ""));
        });
        Action action;
        try {
            action = MigJson.mapper().treeToValue(tree, Action.class);
        } catch (Exception e) {
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage();
            throw new ActionRejectedException("malformed action JSON: " + msg);
        }
        try {
            ActionValidator.validate(action, clock);
        } catch (InvalidActionException e) {
            throw new ActionRejectedException(e.getMessage());
        }
        checkWindow(action);
        checkLength("name", action.name(), MAX_NAME);
        checkLength("target", action.target(), MAX_TARGET);
        for (int i = 0; i < action.operations().size(); i++) {
            Operation op = action.operations().get(i);
            if (!knownModules.contains(op.module())) {
                throw new ActionRejectedException("operation " + i + ": unknown module '" + op.module()
                        + "' (known: " + knownModules.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
            Optional<String> p = parameters.problem(op.module(), inflated(op, i));
            if (p.isPresent()) {
                throw new ActionRejectedException("operation " + i + " (" + op.module() + "): invalid parameters: "
                        + p.get());
            }
        }
        Optional<String> t = targets.problem(action.target());
        if (t.isPresent()) {
            throw new ActionRejectedException("invalid target '" + action.target() + "': " + t.get());
        }
        return action;
    }

    /** Verifies the signatures; returns the signers (each once, in signature order). */
    public List<Investigator> signers(Action action, List<Investigator> active) {
        List<String> fingerprints = signatures.verify(action, active);
        Map<String, Investigator> byFp = active.stream()
                .collect(Collectors.toMap(i -> i.pgpFingerprint().toUpperCase(), Function.identity(), (a, b) -> a));
        List<Investigator> out = new ArrayList<>();
        for (String fp : fingerprints) {
            Investigator inv = byFp.get(fp.toUpperCase());
            if (inv == null) {
                throw new ActionRejectedException("signature by " + fp + " is not from an active investigator");
            }
            if (!out.contains(inv)) {
                out.add(inv);
            }
        }
        if (out.isEmpty()) {
            throw new ActionRejectedException("action is not signed (no pgpsignatures)");
        }
        return out;
    }

    /**
     * The window is bounded so that entity timers stay far below Pekko's scheduler maximum (about 248
     * days) and no far date reaches time arithmetic; both instants are compared as Durations, which
     * cannot overflow for any date JSON can carry.
     */
    private void checkWindow(Action a) {
        Duration max = limits.maxWindow();
        Duration window = Duration.between(a.validFrom().toInstant(), a.expireAfter().toInstant());
        if (window.compareTo(max) > 0) {
            throw new ActionRejectedException("the action's window from validfrom (" + a.validFrom()
                    + ") to expireafter (" + a.expireAfter() + ") is longer than the limit of " + human(max)
                    + " (gator.api.max-action-window)");
        }
        if (Duration.between(clock.instant(), a.expireAfter().toInstant()).compareTo(max) > 0) {
            throw new ActionRejectedException("expireafter (" + a.expireAfter() + ") is more than " + human(max)
                    + " from now (gator.api.max-action-window)");
        }
    }

    /** The read tables' columns (actions.name VARCHAR(2048), target VARCHAR(8192)): longer would stop the projection. */
    static final int MAX_NAME = 2048;
    static final int MAX_TARGET = 8192;

    private static void checkLength(String field, String value, int max) {
        if (value.length() > max) {
            throw new ActionRejectedException("action " + field + " is longer than " + max + " characters");
        }
    }

    private static String human(Duration d) {
        return d.toSeconds() % 86_400 == 0 ? d.toDays() + " days" : d.toString();
    }

    /** The parameters as the module will see them: inflated within the limit when compressed, and storable. */
    private JsonNode inflated(Operation op, int i) {
        JsonNode params;
        try {
            params = Compression.parameters(op, limits.maxInflatedParameters());
        } catch (MigJsonException e) {
            String m = e.getMessage();
            throw new ActionRejectedException("operation " + i + " (" + op.module() + "): " + (m.contains("exceed")
                    ? "compressed parameters inflate beyond " + limits.maxInflatedParameters()
                            + " bytes (gator.api.max-inflated-parameters)"
                    : m));
        }
        if (op.isCompressed()) {
            SafeText.problem(params, "operations[" + i + "].parameters", limits.maxTextLength(), path -> false)
                    .ifPresent(p -> {
                        throw new ActionRejectedException("action text cannot be stored: " + p
                                + (p.contains("more than") ? " (gator.api.max-text-length)" : ""));
                    });
        }
        return params;
    }

    private static String stripPrefix(String m) {
        return m.startsWith("malformed JSON: ") ? m.substring("malformed JSON: ".length()) : m;
    }
}
