package io.gator.agent.module.yara;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules compiled by libyara into the {@code default} namespace, as MIG's yara module compiles them. libyara 4
 * scans with one set of rules from several threads at once (each scan has its own scanner state), so
 * {@link #scan} may be called concurrently; {@link #close} must come after the last scan has returned.
 */
final class CompiledRules implements AutoCloseable {
    private static final byte[] NAMESPACE = Libyara.cString("default");
    private static final int ERROR_BUFFER = 1024;

    /** Where the callbacks of the current thread's compile or scan put what libyara reports. */
    private static final ThreadLocal<List<String>> REPORTED = new ThreadLocal<>();

    /** Collects the identifiers of matching rules; libyara calls it in the rules' order. */
    private static final YaraLibrary.ScanCallback ON_SCAN = new YaraLibrary.ScanCallback() {
        @Override
        public int invoke(Pointer context, int message, Pointer messageData, Pointer userData) {
            if (message == YaraLibrary.MSG_RULE_MATCHING) {
                Pointer identifier = messageData.getPointer(YaraLibrary.RULE_IDENTIFIER_OFFSET);
                REPORTED.get().add(identifier.getString(0, StandardCharsets.UTF_8.name()));
            }
            return YaraLibrary.CONTINUE;
        }
    };

    /** Collects compile errors (not warnings) in libyara's words. */
    private static final YaraLibrary.CompilerCallback ON_COMPILE = new YaraLibrary.CompilerCallback() {
        @Override
        public void invoke(int errorLevel, Pointer fileName, int lineNumber, Pointer rule, Pointer message,
                Pointer userData) {
            if (errorLevel == YaraLibrary.ERROR_LEVEL_ERROR && message != null) {
                REPORTED.get().add(message.getString(0, StandardCharsets.UTF_8.name()));
            }
        }
    };

    private final Libyara yara;
    private Pointer rules;

    private CompiledRules(Libyara yara, Pointer rules) {
        this.yara = yara;
        this.rules = rules;
    }

    /** Compiles {@code source}; {@link RulesRefusedException} carries libyara's error text. */
    static CompiledRules compile(Libyara yara, String source) throws RulesRefusedException {
        YaraLibrary lib = yara.lib;
        yara.acquire();
        boolean compiled = false;
        Pointer compiler = null;
        List<String> errors = new ArrayList<>();
        REPORTED.set(errors);
        try {
            PointerByReference ref = new PointerByReference();
            int rc = lib.yr_compiler_create(ref);
            if (rc != 0) {
                throw new RulesRefusedException(YaraErrors.text(rc));
            }
            compiler = ref.getValue();
            lib.yr_compiler_set_callback(compiler, ON_COMPILE, null);
            if (lib.yr_compiler_add_string(compiler, Libyara.cString(source), NAMESPACE) > 0) {
                throw new RulesRefusedException(errors.isEmpty() ? lastError(lib, compiler) : errors.get(errors.size() - 1));
            }
            PointerByReference out = new PointerByReference();
            rc = lib.yr_compiler_get_rules(compiler, out);
            if (rc != 0) {
                throw new RulesRefusedException(YaraErrors.text(rc));
            }
            compiled = true;
            return new CompiledRules(yara, out.getValue());
        } finally {
            REPORTED.remove();
            if (compiler != null) {
                lib.yr_compiler_destroy(compiler);
            }
            if (!compiled) {
                yara.release();
            }
        }
    }

    private static String lastError(YaraLibrary lib, Pointer compiler) {
        byte[] buffer = new byte[ERROR_BUFFER];
        lib.yr_compiler_get_error_message(compiler, buffer, buffer.length);
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * Scans one file with the given timeout; a failure comes back as go-yara's error text. Not MIG's flags: only
     * matching rules are reported (the same matches), and libyara's signal handlers stay off (see
     * {@link YaraLibrary#NO_TRYCATCH}), so a file truncated while it is scanned ends the process (SIGBUS).
     */
    Scanned scan(String path, int timeoutSeconds) {
        List<String> matched = new ArrayList<>(2);
        REPORTED.set(matched);
        try {
            int rc = yara.lib.yr_rules_scan_file(rules, Libyara.cString(path),
                    YaraLibrary.REPORT_RULES_MATCHING | YaraLibrary.NO_TRYCATCH, ON_SCAN, null, timeoutSeconds);
            return rc == 0 ? new Scanned(matched, "") : new Scanned(List.of(), YaraErrors.text(rc));
        } finally {
            REPORTED.remove();
        }
    }

    @Override
    public void close() {
        if (rules != null) {
            yara.lib.yr_rules_destroy(rules);
            rules = null;
            yara.release();
        }
    }
}
