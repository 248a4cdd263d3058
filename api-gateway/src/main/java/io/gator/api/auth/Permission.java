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
    LOADER(Permissions::loader),
    LOADER_STATUS(Permissions::loaderStatus),
    LOADER_EXPECT(Permissions::loaderExpect),
    LOADER_KEY(Permissions::loaderKey),
    LOADER_NEW(Permissions::loaderNew),
    MANIFEST(Permissions::manifest),
    MANIFEST_SIGN(Permissions::manifestSign),
    /** MIG never grants it (its permission check lacks the case, so the endpoint always answers 401); Gator does. */
    MANIFEST_STATUS(Permissions::manifestStatus),
    MANIFEST_NEW(Permissions::manifestNew),
    MANIFEST_LOADERS(Permissions::manifestLoaders),
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
