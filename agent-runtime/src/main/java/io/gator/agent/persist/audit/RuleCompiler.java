package io.gator.agent.persist.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns libaudit-go JSON rules into kernel {@code audit_rule_data} structs with libaudit-go's checks and error
 * texts. Watched paths are checked below {@code root} (the host's {@code /}).
 */
public final class RuleCompiler {
    static final int FILTER_USER = 0x00;
    static final int FILTER_TASK = 0x01;
    static final int FILTER_ENTRY = 0x02;
    static final int FILTER_EXIT = 0x04;
    static final int FILTER_EXCLUDE = 0x05;
    static final int FILTER_UNSET = 0x80;
    static final int NEVER = 0;
    static final int POSSIBLE = 1;
    static final int ALWAYS = 2;

    static final int BIT_MASK = 0x08000000;
    static final int LESS_THAN = 0x10000000;
    static final int GREATER_THAN = 0x20000000;
    static final int NOT_EQUAL = 0x30000000;
    static final int EQUAL = 0x40000000;

    static final int PERM_EXEC = 1;
    static final int PERM_WRITE = 2;
    static final int PERM_READ = 4;
    static final int PERM_ATTR = 8;
    static final int ARCH_X86_64 = 62 | 0x80000000 | 0x40000000;

    static final int UID = 1;
    static final int EUID = 2;
    static final int SUID = 3;
    static final int FSUID = 4;
    static final int GID = 5;
    static final int EGID = 6;
    static final int SGID = 7;
    static final int FSGID = 8;
    static final int LOGINUID = 9;
    static final int ARCH = 11;
    static final int MSGTYPE = 12;
    static final int SUBJ_USER = 13;
    static final int SUBJ_CLR = 17;
    static final int PPID = 18;
    static final int OBJ_USER = 19;
    static final int OBJ_LEV_HIGH = 23;
    static final int DEVMAJOR = 100;
    static final int INODE = 102;
    static final int EXIT = 103;
    static final int SUCCESS = 104;
    static final int WATCH = 105;
    static final int PERM = 106;
    static final int DIR = 107;
    static final int FILETYPE = 108;
    static final int OBJ_UID = 109;
    static final int OBJ_GID = 110;
    static final int ARG0 = 200;
    static final int ARG3 = 203;
    static final int FILTERKEY = 210;

    private static final int PATH_MAX = 4096;
    private static final int NAME_MAX = 255;
    private static final int MAX_KEY_LEN = 256;

    /** Field names of rules (libaudit's field table; {@code pid} is 0, which libaudit-go treats as unknown). */
    private static final Map<String, Integer> FIELDS = Map.ofEntries(
            Map.entry("pid", 0), Map.entry("uid", UID), Map.entry("euid", EUID), Map.entry("suid", SUID),
            Map.entry("fsuid", FSUID), Map.entry("gid", GID), Map.entry("egid", EGID), Map.entry("sgid", SGID),
            Map.entry("fsgid", FSGID), Map.entry("auid", LOGINUID), Map.entry("loginuid", LOGINUID),
            Map.entry("pers", 10), Map.entry("arch", ARCH), Map.entry("msgtype", MSGTYPE),
            Map.entry("subj_user", 13), Map.entry("subj_role", 14), Map.entry("subj_type", 15),
            Map.entry("subj_sen", 16), Map.entry("subj_clr", 17), Map.entry("ppid", PPID),
            Map.entry("obj_user", 19), Map.entry("obj_role", 20), Map.entry("obj_type", 21),
            Map.entry("obj_lev_low", 22), Map.entry("obj_lev_high", 23), Map.entry("devmajor", DEVMAJOR),
            Map.entry("devminor", 101), Map.entry("inode", INODE), Map.entry("exit", EXIT),
            Map.entry("success", SUCCESS), Map.entry("path", WATCH), Map.entry("perm", PERM), Map.entry("dir", DIR),
            Map.entry("filetype", FILETYPE), Map.entry("obj_uid", OBJ_UID), Map.entry("obj_gid", OBJ_GID),
            Map.entry("field_compare", 111), Map.entry("a0", ARG0), Map.entry("a1", 201), Map.entry("a2", 202),
            Map.entry("a3", ARG3), Map.entry("key", FILTERKEY));

    private static final Map<String, Integer> OPERATORS = Map.of("nt_eq", NOT_EQUAL,
            "gt_or_eq", GREATER_THAN | EQUAL, "lt_or_eq", LESS_THAN | EQUAL, "and_eq", BIT_MASK | EQUAL,
            "eq", EQUAL, "gt", GREATER_THAN, "lt", LESS_THAN, "and", BIT_MASK);

    private static final Map<String, Integer> FILE_TYPES = Map.of("block", 0x6000, "character", 0x2000,
            "dir", 0x4000, "fifo", 0x1000, "file", 0x8000, "link", 0xA000, "socket", 0xC000);

    private final Path root;
    private final Passwd passwd;

    public RuleCompiler(Path root) {
        this.root = root;
        this.passwd = new Passwd(root);
    }

    /** Reads and compiles a rules file; a read failure is reported as Go's {@code open <path>: ...}. */
    public CompiledRules compileFile(String rulesPath) throws AuditException {
        String content;
        Path file = rulesPath.isEmpty() ? null : root.resolve(rulesPath.startsWith("/")
                ? rulesPath.substring(1) : rulesPath);
        try {
            if (file == null) {
                throw new NoSuchFileException(rulesPath);
            }
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new AuditException("open " + rulesPath + ": no such file or directory");
        } catch (IOException e) {
            throw new AuditException("open " + rulesPath + ": " + e.getMessage());
        }
        try {
            return compile(AuditRulesFile.parse(content));
        } catch (AuditException e) {
            throw new AuditException("SetRules: " + e.getMessage());
        }
    }

    public CompiledRules compile(List<AuditRuleSpec> specs) throws AuditException {
        List<KernelRule> rules = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (AuditRuleSpec spec : specs) {
            try {
                rules.add(spec instanceof AuditRuleSpec.FileRule f ? fileRule(f)
                        : syscallRule((AuditRuleSpec.SyscallRule) spec));
            } catch (SkippedRule e) {
                warnings.add(e.getMessage());
            }
        }
        return new CompiledRules(rules, warnings);
    }

    /** A watch rule whose path does not exist and is not strict: left out with a warning. */
    private static final class SkippedRule extends Exception {
        SkippedRule(String message) {
            super(message);
        }
    }

    private KernelRule fileRule(AuditRuleSpec.FileRule f) throws AuditException, SkippedRule {
        KernelRule r = new KernelRule();
        addWatch(r, f.path(), f.strictPathCheck());
        addPerms(r, f.permission());
        if (!f.key().isEmpty()) {
            addField(r, "key", TextNode.valueOf(f.key()), EQUAL, FILTER_UNSET, true);
        }
        r.action = ALWAYS;
        r.flags = FILTER_EXIT;
        return r;
    }

    private void addWatch(KernelRule r, String path, boolean strict) throws AuditException, SkippedRule {
        if (path.length() >= PATH_MAX) {
            throw new AuditException("path " + GoText.quote(path) + " too large");
        }
        if (!path.startsWith("/")) {
            throw new AuditException("path %!q(MISSING) must be absolute"); // libaudit-go's format lacks its argument
        }
        if (path.contains("..")) {
            throw new AuditException("path " + GoText.quote(path) + " cannot contain special directory values");
        }
        String base = GoText.baseName(path);
        if (base.length() > NAME_MAX) {
            throw new AuditException("base name " + GoText.quote(base) + " too large");
        }
        String trimmed = path.replaceAll("/+$", "");
        Path local = root.resolve(trimmed.isEmpty() ? "" : trimmed.substring(1));
        if (!Files.exists(local)) {
            String err = "stat " + trimmed + ": no such file or directory";
            if (strict) {
                throw new AuditException(err);
            }
            throw new SkippedRule("skipping rule: " + err);
        }
        r.flags = FILTER_EXIT;
        r.action = ALWAYS;
        for (int i = 0; i < KernelRule.BITMASK_SIZE - 1; i++) {
            r.mask[i] = 0xFFFFFFFF;
        }
        r.fieldCount = 2;
        r.fields[0] = Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(local) ? DIR : WATCH;
        r.fieldflags[0] = EQUAL;
        r.values[0] = trimmed.getBytes(StandardCharsets.UTF_8).length;
        r.appendString(trimmed);
        r.fields[1] = PERM;
        r.fieldflags[1] = EQUAL;
        r.values[1] = PERM_READ | PERM_WRITE | PERM_EXEC | PERM_ATTR;
    }

    private static void addPerms(KernelRule r, String perms) throws AuditException {
        if (perms.length() > 4 || perms.isEmpty()) {
            throw new AuditException("invalid permission string " + GoText.quote(perms));
        }
        int value = 0;
        for (char c : perms.toLowerCase(Locale.ROOT).toCharArray()) {
            value |= switch (c) {
                case 'r' -> PERM_READ;
                case 'w' -> PERM_WRITE;
                case 'x' -> PERM_EXEC;
                case 'a' -> PERM_ATTR;
                default -> throw new AuditException("unknown permission " + (int) c);
            };
        }
        for (int i = 0; i < KernelRule.MAX_FIELDS; i++) {
            if (r.fields[i] == PERM) {
                r.values[i] = value;
                return;
            }
        }
    }

    private KernelRule syscallRule(AuditRuleSpec.SyscallRule s) throws AuditException {
        KernelRule r = new KernelRule();
        boolean syscallAdded = false;
        for (String name : s.syscalls()) {
            int nr = NameTable.SYSCALLS.number(name)
                    .orElseThrow(() -> new AuditException("invalid syscall " + name));
            int word = nr / 32;
            if (word >= KernelRule.BITMASK_SIZE - 1) {
                throw new AuditException("word size greater than AUDIT_BITMASK_SIZE");
            }
            r.mask[word] |= 1 << (nr - word * 32);
            syscallAdded = true;
        }
        int action = -1;
        int filter = FILTER_UNSET;
        for (String a : s.actions()) {
            switch (a) {
                case "never" -> action = NEVER;
                case "possible" -> action = POSSIBLE;
                case "always" -> action = ALWAYS;
                case "task" -> filter = FILTER_TASK;
                case "entry", "exit" -> filter = FILTER_EXIT; // libaudit-go maps the deprecated entry list to exit
                case "user" -> filter = FILTER_USER;
                case "exclude" -> filter = FILTER_EXCLUDE;
                default -> { }
            }
        }
        for (AuditRuleSpec.Field f : s.fields()) {
            addField(r, f.name(), f.value(), OPERATORS.getOrDefault(f.op(), 0), filter, syscallAdded);
        }
        if (!s.key().isEmpty()) {
            addField(r, "key", TextNode.valueOf(s.key()), EQUAL, FILTER_UNSET, syscallAdded);
        }
        if (filter == FILTER_ENTRY) {
            throw new AuditException("use of entry filter is deprecated");
        }
        r.flags = filter;
        r.action = action;
        return r;
    }

    private void addField(KernelRule r, String name, JsonNode value, int op, int flags, boolean syscallAdded)
            throws AuditException {
        if (r.fieldCount >= KernelRule.MAX_FIELDS - 1) {
            throw new AuditException("max fields for rule exceeded");
        }
        int id = FIELDS.getOrDefault(name, 0);
        if (id == 0) {
            throw new AuditException("unknown field " + name);
        }
        if (flags == FILTER_EXCLUDE && id != MSGTYPE) {
            throw new AuditException("exclude filter only valid with AUDIT_MSGTYPE");
        }
        int i = r.fieldCount;
        r.fields[i] = id;
        r.fieldflags[i] = op;
        String shown = GoText.value(value);
        boolean permAdded = false;
        switch (id) {
            case UID, EUID, SUID, FSUID, LOGINUID, OBJ_UID, OBJ_GID -> {
                if (value.isNumber()) {
                    r.values[i] = GoText.uint32(value);
                } else if (value.isTextual()) {
                    if (value.asText().equals("unset")) {
                        r.values[i] = 0xFFFFFFFF;
                    } else {
                        String uid = passwd.uid(value.asText()).orElseThrow(() -> new AuditException(
                                "bad user: <nil>: user: unknown user " + value.asText()));
                        r.values[i] = (int) Long.parseLong(uid);
                    }
                } else {
                    throw new AuditException("field value has unusable type " + shown);
                }
            }
            case GID, EGID, SGID, FSGID -> {
                requireNumber(value, "group name translation is unsupported " + shown,
                        "field value has unusable type " + shown);
                r.values[i] = GoText.uint32(value);
            }
            case EXIT -> {
                if (flags != FILTER_EXIT) {
                    throw new AuditException(name + " can only be used with exit filter list");
                }
                requireNumber(value, "string values unsupported for field type",
                        "field value has unusable type " + shown);
                r.values[i] = GoText.uint32(value);
            }
            case MSGTYPE -> {
                if (flags != FILTER_EXCLUDE && flags != FILTER_USER) {
                    throw new AuditException("msgtype field can only be used with exclude filter list");
                }
                requireNumber(value, "string values unsupported for field type",
                        "field value has unusable type " + shown);
                r.values[i] = GoText.uint32(value);
            }
            case ARCH -> {
                if (!syscallAdded) {
                    throw new AuditException("arch should be mentioned before syscall");
                }
                if (op != NOT_EQUAL && op != EQUAL) {
                    throw new AuditException("arch must have = or != operator");
                }
                requireNumber(value, "string values unsupported for field type",
                        "field value has unusable type, " + shown);
                r.values[i] = ARCH_X86_64; // libaudit-go knows x86_64 only, whatever number is given
            }
            case PERM -> {
                if (flags != FILTER_EXIT) {
                    throw new AuditException(name + " can only be used with exit filter list");
                }
                if (op != EQUAL) {
                    throw new AuditException(name + " only takes = or != operators");
                }
                if (value.isTextual()) {
                    String v = value.asText();
                    if (v.length() > 4) {
                        throw new AuditException("vallen too large");
                    }
                    int perm = 0;
                    for (char c : v.toLowerCase(Locale.ROOT).toCharArray()) {
                        perm |= switch (c) {
                            case 'r' -> PERM_READ;
                            case 'w' -> PERM_WRITE;
                            case 'x' -> PERM_EXEC;
                            case 'a' -> PERM_ATTR;
                            default -> throw new AuditException("permission can only contain rwxa");
                        };
                    }
                    r.values[i] = perm;
                }
            }
            case FILETYPE -> {
                if (!value.isTextual()) {
                    throw new AuditException("expected string but filetype found " + shown);
                }
                Integer t = FILE_TYPES.get(value.asText());
                if (t == null) {
                    throw new AuditException("filetype " + value.asText() + " not found");
                }
                r.values[i] = t;
            }
            default -> {
                if (id >= ARG0 && id <= ARG3) {
                    requireNumber(value, name + " should be a number", "field value has unusable type, " + shown);
                    r.values[i] = GoText.uint32(value);
                } else if (id >= OBJ_USER && id <= OBJ_LEV_HIGH || id == WATCH || id == DIR
                        || id >= SUBJ_USER && id <= SUBJ_CLR || id == FILTERKEY) {
                    if ((id >= OBJ_USER && id <= OBJ_LEV_HIGH || id == WATCH || id == DIR) && flags != FILTER_EXIT) {
                        throw new AuditException(name + " can only be used with exit filter list");
                    }
                    permAdded = id == WATCH || id == DIR;
                    if (id == FILTERKEY && !(syscallAdded || permAdded)) {
                        throw new AuditException("key field needs a watch or syscall given prior to it");
                    }
                    if (!value.isTextual()) {
                        throw new AuditException("field value has unusable type, " + shown);
                    }
                    byte[] b = value.asText().getBytes(StandardCharsets.UTF_8);
                    if (id == FILTERKEY && b.length > MAX_KEY_LEN || b.length > PATH_MAX) {
                        throw new AuditException("max rule length exceeded");
                    }
                    r.values[i] = b.length;
                    r.appendString(value.asText());
                } else {
                    if ((id == DEVMAJOR || id == INODE || id == SUCCESS) && flags != FILTER_EXIT) {
                        throw new AuditException(name + " can only be used with exit filter list");
                    }
                    if (id == INODE && op != NOT_EQUAL && op != EQUAL) {
                        throw new AuditException(name + " only takes = or != operators");
                    }
                    if (id == PPID && flags != FILTER_EXIT && flags != FILTER_ENTRY) {
                        throw new AuditException(name + " can only be used with exit and entry filter list");
                    }
                    if (!value.isNumber()) {
                        throw new AuditException(shown + " should be a number");
                    }
                    r.values[i] = GoText.uint32(value);
                }
            }
        }
        r.fieldCount++;
    }

    private static void requireNumber(JsonNode value, String ifString, String otherwise) throws AuditException {
        if (value.isNumber()) {
            return;
        }
        throw new AuditException(value.isTextual() ? ifString : otherwise);
    }
}
