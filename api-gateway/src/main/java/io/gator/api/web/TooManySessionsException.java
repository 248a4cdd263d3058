package io.gator.api.web;

import io.gator.api.backend.BackendUnavailableException;

/** {@code gator.api.web.max-sessions} live sessions exist on this node (answered 503 with Retry-After). */
final class TooManySessionsException extends BackendUnavailableException {
    TooManySessionsException(String message) {
        super(message);
    }
}
