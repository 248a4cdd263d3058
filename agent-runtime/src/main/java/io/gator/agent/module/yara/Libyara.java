package io.gator.agent.module.yara;

import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * libyara, loaded when a yara operation first needs it (an agent without it runs every other module), and
 * initialised while rules compiled with it are in use ({@code yr_initialize} and {@code yr_finalize} paired and
 * counted here, since libyara's own count is not thread-safe).
 */
final class Libyara {
    private static final Map<String, Libyara> LOADED = new ConcurrentHashMap<>();

    final YaraLibrary lib;
    private int users;

    private Libyara(YaraLibrary lib) {
        this.lib = lib;
    }

    /** The library by JNA name ({@code yara}, or a file name); {@link LibyaraUnavailableException} when it fails. */
    static Libyara load(String name) {
        Libyara l = LOADED.get(name);
        if (l != null) {
            return l;
        }
        synchronized (LOADED) {
            l = LOADED.get(name);
            if (l == null) {
                try {
                    l = new Libyara(Native.load(name, YaraLibrary.class));
                } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                    throw new LibyaraUnavailableException(reason(e));
                }
                LOADED.put(name, l);
            }
            return l;
        }
    }

    /** JNA's first two lines: which library, and the loader's reason. */
    private static String reason(Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        String[] lines = m.split("\n");
        return lines.length < 2 ? m : lines[0].strip() + " " + lines[1].strip();
    }

    synchronized void acquire() {
        if (users == 0) {
            int rc = lib.yr_initialize();
            if (rc != 0) {
                throw new LibyaraUnavailableException("yr_initialize: " + YaraErrors.text(rc));
            }
        }
        users++;
    }

    synchronized void release() {
        users--;
        if (users == 0) {
            lib.yr_finalize();
        }
    }

    /** A C string: UTF-8 and a terminating NUL. */
    static byte[] cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }
}
