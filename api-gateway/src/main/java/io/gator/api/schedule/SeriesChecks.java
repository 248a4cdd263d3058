package io.gator.api.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.api.action.ActionChecks;
import io.gator.api.action.ActionRejectedException;
import io.gator.api.backend.ForbiddenException;
import io.gator.api.backend.SignedRun;
import io.gator.core.action.Action;
import io.gator.core.investigator.Investigator;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigJsonException;
import io.gator.core.json.SafeText;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a submitted series whole: its length against {@code gator.api.schedule.max-runs} before any action is
 * parsed, then every action exactly as a single create checks it (shape, window, modules, parameters, target,
 * signatures from active investigators), windows in order and not overlapping, the poster among every action's
 * signers. One failure refuses the series.
 */
public final class SeriesChecks {
    /** The series as posted: {@code {"name": "...", "actions": [signed action, ...]}}. */
    public record Series(String name, List<JsonNode> actions) {}

    private final ActionChecks checks;
    private final ScheduleSettings settings;

    public SeriesChecks(ActionChecks checks, ScheduleSettings settings) {
        this.checks = checks;
        this.settings = settings;
    }

    /** The shape and length, before any action is looked at. */
    public Series parse(String json) {
        if (json == null || json.isBlank()) {
            throw new ActionRejectedException("missing form field 'schedule' (the signed series JSON)");
        }
        JsonNode tree;
        try {
            tree = MigJson.tree(json);
        } catch (MigJsonException e) {
            throw new ActionRejectedException("malformed series JSON: " + e.getMessage());
        }
        JsonNode actions = tree.path("actions");
        if (!tree.isObject() || !actions.isArray()) {
            throw new ActionRejectedException("malformed series JSON: expected {\"name\": ..., \"actions\": [...]}");
        }
        if (actions.isEmpty()) {
            throw new ActionRejectedException("the series holds no action");
        }
        if (actions.size() > settings.maxRuns()) {
            throw new ActionRejectedException("the series has " + actions.size() + " runs, more than the limit of "
                    + settings.maxRuns() + " (gator.api.schedule.max-runs)");
        }
        JsonNode name = tree.path("name");
        if (!name.isMissingNode() && !name.isTextual()) {
            throw new ActionRejectedException("malformed series JSON: 'name' must be a string");
        }
        checkName(name.asText(""));
        List<JsonNode> list = new ArrayList<>(actions.size());
        actions.forEach(list::add);
        return new Series(name.asText(""), list);
    }

    /** Longest series name: the width of standing_orders.name, as action names and actions.name. */
    public static final int MAX_NAME = 2048;

    /**
     * The name is not signed and is shown in lists and terminals: text PostgreSQL can store ({@link SafeText}),
     * no control character (no terminal escape, no line break), at most {@link #MAX_NAME} characters.
     */
    static void checkName(String name) {
        if (name.length() > MAX_NAME) {
            throw new ActionRejectedException("series name: " + name.length() + " characters, more than " + MAX_NAME);
        }
        SafeText.problem(name).ifPresent(p -> {
            throw new ActionRejectedException("series name cannot be stored: " + p);
        });
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new ActionRejectedException(String.format("series name: control character U+%04X at character %d",
                        (int) name.charAt(i), i));
            }
        }
    }

    /** Every action checked and its signatures verified; the runs in order, or the first problem (run numbered). */
    public List<SignedRun> check(Series series, List<Investigator> active, Investigator poster) {
        List<SignedRun> runs = new ArrayList<>(series.actions().size());
        Action previous = null;
        for (int i = 0; i < series.actions().size(); i++) {
            Action a;
            List<Investigator> signers;
            try {
                a = checks.parse(series.actions().get(i).toString());
                signers = checks.signers(a, active);
            } catch (ActionRejectedException e) {
                throw new ActionRejectedException("run " + i + ": " + e.getMessage() + " (the whole series is refused)");
            }
            if (previous != null && a.validFrom().isBefore(previous.expireAfter())) {
                throw new ActionRejectedException("run " + i + " opens (" + a.validFrom() + ") before run " + (i - 1)
                        + " expires (" + previous.expireAfter() + "): windows must be in order and must not overlap");
            }
            if (signers.stream().noneMatch(s -> s.id() == poster.id())) {
                throw new ForbiddenException("investigator " + poster.name() + " did not sign run " + i
                        + ": only a signer of every run may post a series");
            }
            // listed as a single create lists them: who they are, not their keys
            runs.add(new SignedRun(a, signers.stream().map(s -> new Investigator(s.id(), s.name(), s.pgpFingerprint(),
                    "", s.status(), s.createdAt(), s.lastModified(), s.permissions())).toList()));
            previous = a;
        }
        return runs;
    }
}
