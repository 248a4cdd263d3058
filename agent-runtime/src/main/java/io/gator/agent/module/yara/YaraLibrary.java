package io.gator.agent.module.yara;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few libyara 4.x calls the yara module makes. Strings go as NUL-terminated UTF-8 bytes, whatever the JVM's
 * default charset.
 */
interface YaraLibrary extends Library {
    /** {@code CALLBACK_MSG_RULE_MATCHING}: the message data is the matching {@code YR_RULE}. */
    int MSG_RULE_MATCHING = 1;
    /** {@code CALLBACK_CONTINUE}. */
    int CONTINUE = 0;
    /** {@code SCAN_FLAGS_REPORT_RULES_MATCHING}: only matching rules are reported to the callback. */
    int REPORT_RULES_MATCHING = 8;
    /**
     * {@code SCAN_FLAGS_NO_TRYCATCH}: libyara installs no SIGSEGV/SIGBUS handler around a scan. Its 4.2 handler
     * ignores the faults it did not cause, so a JVM thread faulting on purpose meanwhile (safepoint polls, null
     * checks) would fault forever: the whole JVM hangs.
     */
    int NO_TRYCATCH = 4;
    /** {@code YARA_ERROR_LEVEL_ERROR}, as opposed to warnings. */
    int ERROR_LEVEL_ERROR = 0;
    /**
     * Offset of {@code identifier} in libyara 4.x's {@code YR_RULE}: after two {@code int32_t} (flags, num_atoms),
     * as an 8-byte aligned union of a pointer and an arena reference.
     */
    long RULE_IDENTIFIER_OFFSET = 8;

    /** {@code YR_CALLBACK_FUNC}: called during a scan. */
    interface ScanCallback extends Callback {
        int invoke(Pointer context, int message, Pointer messageData, Pointer userData);
    }

    /** {@code YR_COMPILER_CALLBACK_FUNC}: a compile error or warning. */
    interface CompilerCallback extends Callback {
        void invoke(int errorLevel, Pointer fileName, int lineNumber, Pointer rule, Pointer message, Pointer userData);
    }

    int yr_initialize();

    int yr_finalize();

    int yr_compiler_create(PointerByReference compiler);

    void yr_compiler_destroy(Pointer compiler);

    void yr_compiler_set_callback(Pointer compiler, CompilerCallback callback, Pointer userData);

    int yr_compiler_add_string(Pointer compiler, byte[] rules, byte[] namespace);

    Pointer yr_compiler_get_error_message(Pointer compiler, byte[] buffer, int size);

    int yr_compiler_get_rules(Pointer compiler, PointerByReference rules);

    int yr_rules_scan_file(Pointer rules, byte[] fileName, int flags, ScanCallback callback, Pointer userData,
            int timeoutSeconds);

    int yr_rules_destroy(Pointer rules);
}
