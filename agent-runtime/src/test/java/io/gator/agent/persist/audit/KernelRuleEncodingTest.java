package io.gator.agent.persist.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gator.core.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules files into kernel rules, byte for byte. The expected bytes are built here from linux/audit.h:
 * <pre>
 * struct audit_rule_data {
 *     __u32 flags;                  AUDIT_FILTER_EXIT = 0x04
 *     __u32 action;                 AUDIT_ALWAYS = 2
 *     __u32 field_count;
 *     __u32 mask[64];               bit (nr % 32) of word (nr / 32) per syscall; a watch sets words 0..62
 *     __u32 fields[64];             AUDIT_ARCH 11, AUDIT_WATCH 105, AUDIT_PERM 106, AUDIT_DIR 107, AUDIT_FILTERKEY 210
 *     __u32 values[64];             strings: their length; perm: AUDIT_PERM_{EXEC 1,WRITE 2,READ 4,ATTR 8}
 *     __u32 fieldflags[64];         AUDIT_EQUAL 0x40000000, AUDIT_GREATER_THAN|AUDIT_EQUAL 0x60000000
 *     __u32 buflen;
 *     char  buf[];                  the strings, one after the other, unterminated
 * };
 * </pre>
 * in the host's byte order (little-endian on the x86_64 and arm64 hosts this runs on), as libaudit-go writes it.
 * The arch field's value is AUDIT_ARCH_X86_64 = EM_X86_64 (62) | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE =
 * 0xC000003E, whatever number the rule gives (libaudit-go knows only x86_64).
 */
class KernelRuleEncodingTest {
    private static final int EQUAL = 0x40000000;

    @TempDir
    Path root;

    @BeforeEach
    void hostFiles() throws IOException {
        Files.createDirectories(root.resolve("etc/cron.d"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "alice:x:1000:1000::/home/alice:/bin/sh\n");
    }

    /** The expected struct from its parts. */
    private static byte[] struct(int flags, int action, int[] mask, int[][] fieldValueFlag, String strings) {
        byte[] s = strings.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 * (3 + 64 * 4 + 1) + s.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(flags).putInt(action).putInt(fieldValueFlag.length);
        for (int i = 0; i < 64; i++) {
            b.putInt(mask[i]);
        }
        for (int column = 0; column < 3; column++) {
            for (int i = 0; i < 64; i++) {
                b.putInt(i < fieldValueFlag.length ? fieldValueFlag[i][column] : 0);
            }
        }
        b.putInt(s.length).put(s);
        return b.array();
    }

    private static int[] watchMask() {
        int[] mask = new int[64];
        for (int i = 0; i < 63; i++) {
            mask[i] = 0xFFFFFFFF;
        }
        return mask;
    }

    @Test
    void theCapturedRulesFileBecomesAWatchAndAnExecveRule() throws Exception {
        // The fixture's file watches /etc/passwd: it is looked up below the module's root.
        String captured = Files.readString(Fixtures.path("mig-wire/modules/data/audit/audit.rules.json"));
        Path rules = root.resolve("audit.rules.json");
        Files.writeString(rules, captured);

        CompiledRules compiled = new RuleCompiler(root).compileFile("/audit.rules.json");

        assertEquals(List.of(), compiled.warnings());
        assertEquals(2, compiled.rules().size());
        byte[] watch = struct(0x04, 2, watchMask(), new int[][] {
            {105, 11, EQUAL},        // path "/etc/passwd" (11 bytes)
            {106, 2 | 8, EQUAL},     // -p wa: write | attr
            {210, 12, EQUAL}},       // -k passwd-watch (12 bytes)
            "/etc/passwdpasswd-watch");
        assertEquals(1040 + 23, watch.length);
        assertArrayEquals(watch, compiled.rules().get(0).encode());

        int[] mask = new int[64];
        mask[59 / 32] = 1 << (59 % 32);  // execve is 59 on x86_64: word 1, bit 27
        assertEquals(0x08000000, mask[1]);
        byte[] execve = struct(0x04, 2, mask, new int[][] {
            {11, 0xC000003E, EQUAL},  // arch == b64
            {210, 4, EQUAL}},         // key "exec"
            "exec");
        assertArrayEquals(execve, compiled.rules().get(1).encode());
    }

    @Test
    void theAuditRulesFormatOfMigsLibauditGo() throws Exception {
        String json = """
                {"audit_rules": [
                  {"key": "cron", "path": "/etc/cron.d/", "permission": "rwxa"},
                  {"actions": ["entry", "always"], "syscalls": ["clone", "fork", "vfork"]},
                  {"actions": ["always", "exit"], "syscalls": ["rename", "renameat"], "key": "rename",
                   "fields": [{"name": "arch", "op": "eq", "value": 64},
                              {"name": "auid", "op": "gt_or_eq", "value": 1000},
                              {"name": "uid", "op": "eq", "value": "alice"}]},
                  {"actions": ["exit", "never"],
                   "fields": [{"name": "path", "op": "eq", "value": "/bin/ls"}, {"name": "perm", "op": "eq", "value": "x"}]}
                ]}""";
        List<KernelRule> rules = new RuleCompiler(root).compile(AuditRulesFile.parse(json)).rules();

        // A directory is watched with AUDIT_DIR; the trailing slash is dropped.
        assertArrayEquals(struct(0x04, 2, watchMask(), new int[][] {
            {107, 11, EQUAL}, {106, 15, EQUAL}, {210, 4, EQUAL}}, "/etc/cron.dcron"), rules.get(0).encode());

        // "entry" lands on the exit list (libaudit-go); clone 56, fork 57, vfork 58.
        int[] mask = new int[64];
        mask[1] = (1 << 24) | (1 << 25) | (1 << 26);
        assertArrayEquals(struct(0x04, 2, mask, new int[0][], ""), rules.get(1).encode());

        int[] renames = new int[64];
        renames[2] = 1 << (82 - 64);  // rename 82
        renames[8] = 1 << (264 - 256);  // renameat 264
        assertArrayEquals(struct(0x04, 2, renames, new int[][] {
            {11, 0xC000003E, EQUAL}, {9, 1000, 0x60000000}, {1, 1000, EQUAL}, {210, 6, EQUAL}}, "rename"),
                rules.get(2).encode());

        // No syscall: the mask stays empty; the path field's string goes to the buffer.
        assertArrayEquals(struct(0x04, 0, new int[64], new int[][] {
            {105, 7, EQUAL}, {106, 1, EQUAL}}, "/bin/ls"), rules.get(3).encode());
    }

    @Test
    void theAddRuleRequestFramesTheStructInANetlinkMessage() throws Exception {
        KernelRule rule = new RuleCompiler(root).compile(AuditRulesFile.parse(
                "{\"audit_rules\":[{\"path\":\"/etc/passwd\",\"permission\":\"w\"}]}")).rules().get(0);
        byte[] wire = NetlinkCodec.encode(new NetlinkMessage(1011, 0x5, 7, 0, rule.encode()));
        ByteBuffer b = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(16 + 1040 + 11, b.getInt());   // nlmsg_len: header and payload, not the padding
        assertEquals(1011, b.getShort());           // AUDIT_ADD_RULE
        assertEquals(0x5, b.getShort());            // NLM_F_REQUEST | NLM_F_ACK
        assertEquals(7, b.getInt());
        assertEquals(0, b.getInt());
        assertEquals(1068, wire.length);            // padded to 4 bytes
    }

    @Test
    void aMissingWatchedPathIsSkippedWithAWarningUnlessStrict() throws Exception {
        RuleCompiler compiler = new RuleCompiler(root);
        CompiledRules lenient = compiler.compile(AuditRulesFile.parse("""
                {"audit_rules": [{"key": "nonexist", "path": "/non/existent/path", "permission": "wa"},
                                 {"actions": ["always", "exit"], "syscalls": ["personality"], "key": "bypass"}]}"""));
        assertEquals(List.of("skipping rule: stat /non/existent/path: no such file or directory"),
                lenient.warnings());
        assertEquals(1, lenient.rules().size());

        Files.writeString(root.resolve("strict.json"), """
                {"audit_rules": [{"path": "/non/existent/path", "permission": "wa", "strict_path_check": true}]}""");
        AuditException e = assertThrows(AuditException.class, () -> compiler.compileFile("/strict.json"));
        assertEquals("SetRules: stat /non/existent/path: no such file or directory", e.getMessage());
    }

    @Test
    void badRulesAreReportedWithLibauditGoTexts() throws Exception {
        assertEquals("SetRules: invalid syscall nosuchcall", error(
                "{\"audit_rules\":[{\"actions\":[\"always\",\"exit\"],\"syscalls\":[\"nosuchcall\"]}]}"));
        assertEquals("SetRules: unknown field colour", error("{\"audit_rules\":[{\"actions\":[\"always\",\"exit\"],"
                + "\"syscalls\":[\"open\"],\"fields\":[{\"name\":\"colour\",\"op\":\"eq\",\"value\":1}]}]}"));
        assertEquals("SetRules: arch should be mentioned before syscall", error("{\"audit_rules\":[{\"actions\":"
                + "[\"always\",\"exit\"],\"fields\":[{\"name\":\"arch\",\"op\":\"eq\",\"value\":64}]}]}"));
        assertEquals("SetRules: invalid permission string \"\"",
                error("{\"audit_rules\":[{\"path\":\"/etc/passwd\"}]}"));
        assertEquals("SetRules: path %!q(MISSING) must be absolute",
                error("{\"audit_rules\":[{\"path\":\"etc/passwd\",\"permission\":\"r\"}]}"));
        assertEquals("SetRules: bad user: <nil>: user: unknown user nobody-here", error("{\"audit_rules\":[{\"actions\":"
                + "[\"always\",\"exit\"],\"syscalls\":[\"open\"],\"fields\":[{\"name\":\"uid\",\"op\":\"eq\","
                + "\"value\":\"nobody-here\"}]}]}"));
        assertEquals("SetRules: rules file has no audit_rules (nor file_rules or syscall_rules)",
                error("{\"rules\":[]}"));
        assertEquals("SetRules: unexpected end of JSON input", error("{\"audit_rules\":["));
        assertEquals("SetRules: invalid JSON: Unexpected character ('a' (code 97)): was expecting double-quote to "
                + "start field name", error("{audit_rules: []}"));
        AuditException missing = assertThrows(AuditException.class,
                () -> new RuleCompiler(root).compileFile("/etc/mig/audit.rules.json"));
        assertEquals("open /etc/mig/audit.rules.json: no such file or directory", missing.getMessage());
        AuditException unset = assertThrows(AuditException.class, () -> new RuleCompiler(root).compileFile(""));
        assertEquals("open : no such file or directory", unset.getMessage());
    }

    private String error(String json) throws IOException {
        Files.writeString(root.resolve("bad.json"), json);
        return assertThrows(AuditException.class, () -> new RuleCompiler(root).compileFile("/bad.json"))
                .getMessage();
    }
}
