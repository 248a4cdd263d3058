package io.gator.api.loader;

/**
 * No manifest can be served to this loader (none active and signed enough matches it, or its expected
 * environment does not hold): MIG answers 500 with this exact message, and stock loaders print it.
 */
public final class NoManifestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final String MESSAGE = "Unable to locate valid manifest for this loader entry";

    public NoManifestException() {
        super(MESSAGE, null, false, false);
    }
}
