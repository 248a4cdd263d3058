package io.gator.agent.persist.audit;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a record's field values as libaudit-go does (after auparse): user ids to names, syscall numbers to
 * names, hex-encoded strings decoded, modes, permissions, exit codes and results in words. Renderings libaudit-go
 * leaves empty (tty data, capability bitmaps, protocol) are empty here too.
 */
final class FieldInterpreter {
    static final int EXECVE = 1309;
    private static final int USER_TTY = 1124;
    private static final int AVC = 1400;
    private static final int MQ_OPEN = 1312;
    private static final int CRYPTO_KEY_USER = 2404;
    private static final Set<Integer> GROUP_TYPES = Set.of(1116, 1117, 1132);

    private enum Kind { UID, GID, SYSCALL, ARCH, EXIT, PERM, ESCAPED, MODE, MODE_SHORT, PROMISC, SUCCESS, A0, A1, A2,
        A3, EMPTY, SESSION, SIGNAL, CAPABILITY, AS_IS }

    /** Signal numbers 0..30 (asm-generic/signal.h); 30 is spelled {@code IGPWR} as in libaudit-go's table. */
    private static final List<String> SIGNALS = List.of("SIG0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP",
            "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
            "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
            "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "IGPWR");

    /** Capability numbers (linux/capability.h, without {@code CAP_}, lower case) as libaudit-go knows them. */
    private static final List<String> CAPABILITIES = List.of("chown", "dac_override", "dac_read_search", "fowner",
            "fsetid", "kill", "setgid", "setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast",
            "net_admin", "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace",
            "sys_pacct", "sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod",
            "lease", "audit_write", "audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
            "block_suspend", "audit_read");

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("auid", Kind.UID), Map.entry("uid", Kind.UID), Map.entry("euid", Kind.UID),
            Map.entry("suid", Kind.UID), Map.entry("fsuid", Kind.UID), Map.entry("ouid", Kind.UID),
            Map.entry("oauid", Kind.UID), Map.entry("iuid", Kind.UID), Map.entry("id", Kind.UID),
            Map.entry("inode_uid", Kind.UID), Map.entry("sauid", Kind.UID), Map.entry("obj_uid", Kind.UID),
            Map.entry("obj_gid", Kind.GID), Map.entry("gid", Kind.GID), Map.entry("egid", Kind.GID),
            Map.entry("sgid", Kind.GID), Map.entry("fsgid", Kind.GID), Map.entry("ogid", Kind.GID),
            Map.entry("igid", Kind.GID), Map.entry("inode_gid", Kind.GID), Map.entry("new_gid", Kind.GID),
            Map.entry("syscall", Kind.SYSCALL), Map.entry("arch", Kind.ARCH), Map.entry("exit", Kind.EXIT),
            Map.entry("path", Kind.ESCAPED), Map.entry("comm", Kind.ESCAPED), Map.entry("exe", Kind.ESCAPED),
            Map.entry("file", Kind.ESCAPED), Map.entry("name", Kind.ESCAPED), Map.entry("watch", Kind.ESCAPED),
            Map.entry("cwd", Kind.ESCAPED), Map.entry("cmd", Kind.ESCAPED), Map.entry("acct", Kind.ESCAPED),
            Map.entry("dir", Kind.ESCAPED), Map.entry("key", Kind.ESCAPED), Map.entry("vm", Kind.ESCAPED),
            Map.entry("old-disk", Kind.ESCAPED), Map.entry("new-disk", Kind.ESCAPED),
            Map.entry("old-fs", Kind.ESCAPED), Map.entry("new-fs", Kind.ESCAPED), Map.entry("device", Kind.ESCAPED),
            Map.entry("cgroup", Kind.ESCAPED), Map.entry("perm", Kind.PERM), Map.entry("perm_mask", Kind.PERM),
            Map.entry("mode", Kind.MODE), Map.entry("prom", Kind.PROMISC), Map.entry("old_prom", Kind.PROMISC),
            Map.entry("capability", Kind.CAPABILITY), Map.entry("sig", Kind.SIGNAL), Map.entry("res", Kind.SUCCESS), Map.entry("result", Kind.SUCCESS), Map.entry("a0", Kind.A0),
            Map.entry("a1", Kind.A1), Map.entry("a2", Kind.A2), Map.entry("a3", Kind.A3),
            Map.entry("data", Kind.EMPTY), Map.entry("ses", Kind.SESSION), Map.entry("cap_pi", Kind.EMPTY),
            Map.entry("cap_pe", Kind.EMPTY), Map.entry("cap_pp", Kind.EMPTY), Map.entry("cap_fi", Kind.EMPTY),
            Map.entry("cap_fp", Kind.EMPTY), Map.entry("fp", Kind.EMPTY), Map.entry("fi", Kind.EMPTY),
            Map.entry("fe", Kind.EMPTY), Map.entry("old_pp", Kind.EMPTY), Map.entry("old_pi", Kind.EMPTY),
            Map.entry("old_pe", Kind.EMPTY), Map.entry("new_pp", Kind.EMPTY), Map.entry("new_pi", Kind.EMPTY),
            Map.entry("new_pe", Kind.EMPTY), Map.entry("proto", Kind.EMPTY), Map.entry("apparmor", Kind.ESCAPED),
            Map.entry("operation", Kind.ESCAPED), Map.entry("denied_mask", Kind.ESCAPED),
            Map.entry("info", Kind.ESCAPED), Map.entry("profile", Kind.ESCAPED),
            Map.entry("requested_mask", Kind.ESCAPED), Map.entry("old-rng", Kind.ESCAPED),
            Map.entry("new-rng", Kind.ESCAPED), Map.entry("ocomm", Kind.ESCAPED),
            Map.entry("sigev_signo", Kind.ESCAPED), Map.entry("proctitle", Kind.ESCAPED),
            Map.entry("grp", Kind.ESCAPED), Map.entry("new_group", Kind.ESCAPED));

    private static final Set<String> UID_A0 = Set.of("setuid", "setreuid", "setresuid", "setfsuid");
    private static final Set<String> MODE_A1 = Set.of("chmod", "fchmod", "mkdir", "creat");
    private static final Set<String> GID_A0 = Set.of("setgid", "setregid", "setresgid", "setfsgid");
    private static final Set<String> DIRFD_A0 = Set.of("renameat", "readlinkat", "mkdirat", "mknodat", "fchownat",
            "futimesat", "fchmodat", "faccessat", "ftimensat", "unlinkat", "utimesat", "linkat", "newfsstat",
            "openat");

    private final Passwd passwd;
    private final String arch;

    /**
     * @param passwd user names for ids
     * @param arch   the agent's architecture in Go's words ({@code amd64}): libaudit-go prints it for every
     *               {@code arch} field
     */
    FieldInterpreter(Passwd passwd, String arch) {
        this.passwd = passwd;
        this.arch = arch;
    }

    /** The syscall context a record's a0..a3 are read in. */
    record Context(String syscall) {}

    String interpret(String field, String value, int type, Context ctx) throws AuditException {
        return switch (kind(field, type)) {
            case UID -> uid(value);
            case GID, AS_IS -> value;
            case SYSCALL -> syscallName(value);
            case ARCH -> arch;
            case EXIT -> parseLong(value, 10) == 0 ? "success" : value;
            case PERM -> perm(parseLong(value, 10));
            case ESCAPED -> escaped(value);
            case MODE -> mode(parseLong(value, 8));
            case MODE_SHORT -> modeShort(parseLong(value, 8));
            case PROMISC -> parseLong(value, 10) == 0 ? "no" : "yes";
            case SUCCESS -> success(value);
            case A0 -> a0(value, syscallName(ctx.syscall()));
            case A1 -> a1(value, syscallName(ctx.syscall()));
            case A2, A3 -> {
                syscallName(ctx.syscall());
                yield "0x" + value;
            }
            case EMPTY -> "";
            case SESSION -> value.equals("4294967295") ? "unset" : value;
            case SIGNAL -> signal(value, 10);
            case CAPABILITY -> capability(value);
        };
    }

    private static Kind kind(String field, int type) {
        if (type == EXECVE && field.startsWith("a") && !field.equals("argc") && !field.contains("_len")) {
            return Kind.ESCAPED;
        }
        if (type == AVC && field.equals("saddr") || type == CRYPTO_KEY_USER && field.equals("fp")) {
            return Kind.AS_IS;
        }
        if (type == USER_TTY && field.equals("msg")) {
            return Kind.ESCAPED;
        }
        if (type == MQ_OPEN && field.equals("mode")) {
            return Kind.MODE_SHORT;
        }
        if (field.equals("id") && GROUP_TYPES.contains(type)) {
            return Kind.GID;
        }
        return KINDS.getOrDefault(field, Kind.AS_IS);
    }

    private String uid(String value) {
        return passwd.name(value).orElse("unknown(" + value + ")");
    }

    static String syscallName(String number) throws AuditException {
        try {
            return NameTable.SYSCALLS.name(Integer.parseInt(number))
                    .orElseThrow(() -> new AuditException("syscall " + number + " not found"));
        } catch (NumberFormatException e) {
            throw new AuditException("syscall " + number + " not found");
        }
    }

    private static long parseLong(String value, int radix) throws AuditException {
        try {
            return Long.parseLong(value, radix);
        } catch (NumberFormatException e) {
            throw new AuditException("strconv.ParseInt: parsing " + GoText.quote(value) + ": invalid syntax");
        }
    }

    private static String perm(long v) {
        long p = v == 0 ? 0x0F : v;
        StringBuilder sb = new StringBuilder();
        String[] names = {"read", "write", "exec", "attr"};
        long[] bits = {RuleCompiler.PERM_READ, RuleCompiler.PERM_WRITE, RuleCompiler.PERM_EXEC, RuleCompiler.PERM_ATTR};
        for (int i = 0; i < names.length; i++) {
            if ((p & bits[i]) != 0) {
                sb.append(sb.length() > 0 ? "," : "").append(names[i]);
            }
        }
        return sb.toString();
    }

    /** A quoted value loses its quotes; a hex-encoded one is decoded; anything else is kept. */
    static String escaped(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.equals("\"")) {
            return "";
        }
        String decoded = unhex(value);
        return decoded.isEmpty() ? value : decoded;
    }

    private static String unhex(String value) {
        if (value.startsWith("(")) {
            return value;
        }
        if (value.length() < 2) {
            return "";
        }
        try {
            return new String(HexFormat.of().parseHex(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static String mode(long v) {
        StringBuilder sb = new StringBuilder();
        String type = switch ((int) (v & 0xF000)) {
            case 0xC000 -> "socket";
            case 0x6000 -> "block";
            case 0x8000 -> "file";
            case 0x4000 -> "dir";
            case 0x2000 -> "character";
            case 0x1000 -> "fifo";
            case 0xA000 -> "link";
            default -> String.format("%03o", (v & 0xF000) / 0x1000);
        };
        sb.append(type);
        if ((v & 04000) != 0) {
            sb.append(",suid");
        }
        if ((v & 02000) != 0) {
            sb.append(",sgid");
        }
        if ((v & 01000) != 0) {
            sb.append(",sticky");
        }
        return sb.append(String.format("%03o", v & 0777)).toString();
    }

    private static String modeShort(long v) {
        StringBuilder sb = new StringBuilder();
        for (String[] bit : new String[][] {{"2048", "suid"}, {"1024", "sgid"}, {"512", "sticky"}}) {
            if ((v & Long.parseLong(bit[0])) != 0) {
                sb.append(sb.length() > 0 ? "," : "").append(bit[1]);
            }
        }
        return sb.append(String.format("0%03o", v & 0777)).toString();
    }

    /**
     * libaudit-go's result words: 2 is {@code yes}, 1 is {@code no}, other numbers {@code unset}, words stay.
     * (auparse has 1 for success; libaudit-go's constants are off by one and MIG's alerts show it.)
     */
    private static String success(String value) {
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return value;
        }
        return v == 2 ? "yes" : v == 1 ? "no" : "unset";
    }

    /** Below 31 by name (a negative number has none: empty), else {@code unknown signal (...)}. */
    private static String signal(String value, int radix) throws AuditException {
        long v = parseLong(value, radix);
        if (v < 31) {
            return v >= 0 ? SIGNALS.get((int) v) : "";
        }
        return radix == 16 ? "unknown signal (0x" + value + ")" : "unknown signal (" + value + ")";
    }

    private static String capability(String value) throws AuditException {
        long v = parseLong(value, 10);
        return v >= 0 && v < CAPABILITIES.size() ? CAPABILITIES.get((int) v) : "unknown capability(" + value + ")";
    }

    private String a0(String value, String syscall) throws AuditException {
        if (syscall.equals("rt_sigaction")) {
            return signal(value, 16);
        }
        if (UID_A0.contains(syscall)) {
            return uid(value);
        }
        if (GID_A0.contains(syscall)) {
            return value;
        }
        if (DIRFD_A0.contains(syscall) && value.equals("-100")) {
            return "AT_FDWD";
        }
        return "0x" + value;
    }

    private String a1(String value, String syscall) throws AuditException {
        if (syscall.equals("kill") || syscall.equals("tkill")) {
            return signal(value, 16);
        }
        if (MODE_A1.contains(syscall)) {
            return modeShort(parseLong(value, 16));
        }
        if (syscall.equals("mknod")) {
            return mode(parseLong(value, 16));
        }
        if (syscall.startsWith("c") && syscall.contains("chown") || syscall.equals("setreuid")
                || syscall.equals("setresuid")) {
            return uid(value);
        }
        if (syscall.equals("setregid") || syscall.equals("setresgid")) {
            return value;
        }
        return "0x" + value;
    }
}
