package io.gator.agent.loader;

/** The API could not be reached or refused a loader request; the message is what the loader logs. */
public class LoaderApiException extends Exception {
    private static final long serialVersionUID = 1L;

    public LoaderApiException(String message) {
        super(message);
    }

    public LoaderApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
