package io.gator.agent.module.yara;

/** libyara could not be loaded on this host; only yara operations fail, with this message. */
final class LibyaraUnavailableException extends RuntimeException {
    LibyaraUnavailableException(String reason) {
        super("yara: libyara is not available on this host: " + reason);
    }
}
