package io.gator.cli.api;

/** An API call that failed; carries the HTTP status and MIG's error message when there is one. */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
