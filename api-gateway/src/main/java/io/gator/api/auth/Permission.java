package io.gator.api.auth;

import io.gator.core.investigator.Permissions;

import java.util.function.Predicate;

/** The permission each route requires, read from an investigator's {@link Permissions}. */
public enum Permission {
    SEARCH(Permissions::search),
    ACTION(Permissions::action),
    ACTION_CREATE(Permissions::actionCreate),
    COMMAND(Permissions::command),
    AGENT(Permissions::agent),
    DASHBOARD(Permissions::dashboard),
    INVESTIGATOR(Permissions::investigator),
    INVESTIGATOR_CREATE(Permissions::investigatorCreate),
    INVESTIGATOR_UPDATE(Permissions::investigatorUpdate);

    private final Predicate<Permissions> test;

    Permission(Predicate<Permissions> test) {
        this.test = test;
    }

    public boolean grantedBy(Permissions p) {
        return test.test(p);
    }
}
