package io.gator.scheduler.action;

import java.util.ArrayList;
import java.util.List;

/**
 * The tags of action events: {@code <prefix>-<slice>}, where the slice is fixed by the action id, so every
 * event of one action carries the same tag and one projection instance per slice applies them in order.
 * The slice count is part of the journal: events keep the tag they were written with.
 *
 * @param prefix the {@code event-tag} setting; alone, it is the tag events carried before they were sliced
 * @param slices how many tags, hence projection instances
 */
public record ActionTags(String prefix, int slices) {

    public ActionTags {
        if (slices < 1) {
            throw new IllegalArgumentException("projection-slices must be at least 1, not " + slices);
        }
    }

    /** The slice of an action: the hash of its entity id (String.hashCode, specified by the JLS, so stable). */
    public int slice(long actionId) {
        return Math.floorMod(Long.toString(actionId).hashCode(), slices);
    }

    public String tag(int slice) {
        return prefix + "-" + slice;
    }

    public String tagOf(long actionId) {
        return tag(slice(actionId));
    }

    /** Every slice's tag, by slice. */
    public List<String> all() {
        List<String> all = new ArrayList<>(slices);
        for (int i = 0; i < slices; i++) {
            all.add(tag(i));
        }
        return all;
    }

    /** The single tag of the events written before events were sliced. */
    public String unsliced() {
        return prefix;
    }
}
