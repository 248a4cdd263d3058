package io.gator.api.http;

import org.apache.pekko.http.javadsl.model.StatusCode;

/** An answer other than success, with the status and MIG-style message to send. */
final class ApiError extends RuntimeException {
    final transient StatusCode status;

    ApiError(StatusCode status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
