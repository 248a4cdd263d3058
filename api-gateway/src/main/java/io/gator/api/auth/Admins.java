package io.gator.api.auth;

import io.gator.core.investigator.Permissions;

/**
 * Who counts as an administrator: an investigator who may read, create and update investigators
 * (what {@code --admin} grants). An admin may cancel any action, and the last active one may not be
 * disabled or demoted, or nobody could manage investigators through the API any more.
 */
public final class Admins {
    private Admins() {}

    public static boolean isAdmin(Permissions p) {
        return p.investigator() && p.investigatorCreate() && p.investigatorUpdate();
    }
}
