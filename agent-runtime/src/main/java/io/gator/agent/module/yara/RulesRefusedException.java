package io.gator.agent.module.yara;

/** libyara did not compile the rules; the message is libyara's (e.g. {@code undefined string "$b"}). */
final class RulesRefusedException extends Exception {
    RulesRefusedException(String message) {
        super(message);
    }
}
