package io.gator.core.manifest;

/** A manifest, its archive or its signatures are refused; the message says why, in words a user can act on. */
public class InvalidManifestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidManifestException(String message) {
        super(message);
    }

    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
