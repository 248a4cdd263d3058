package io.gator.agent.persist.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit records into events and alerts. The records are written as the kernel emits them (see
 * kernel/auditsc.c, audit_log_exit: a SYSCALL record, then EXECVE, CWD, one PATH per name, PROCTITLE and an EOE
 * record closing the event, all sharing {@code audit(<seconds>.<millis>:<serial>)}), in audit.log's
 * {@code type=<NAME> msg=} form; over netlink the type is the message type and the payload starts at
 * {@code audit(}. Strings the kernel considers unsafe (spaces, NULs) are hex-encoded without quotes.
 */
class AuditEventParsingTest {
    private static final List<String> EXECVE_EVENT = List.of(
            "type=SYSCALL msg=audit(1733140000.123:4521): arch=c000003e syscall=59 success=yes exit=0 a0=55d0c0f6a0"
                    + " a1=55d0c0f6c8 a2=55d0c0f6e0 a3=8 items=2 ppid=1201 pid=1342 auid=1000 uid=0 gid=0 euid=0"
                    + " suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"ls\" exe=\"/usr/bin/ls\""
                    + " subj=unconfined key=\"exec\"",
            "type=EXECVE msg=audit(1733140000.123:4521): argc=3 a0=\"ls\" a1=\"-la\" a2=2F746D702F6D7920646972",
            "type=CWD msg=audit(1733140000.123:4521): cwd=\"/root\"",
            "type=PATH msg=audit(1733140000.123:4521): item=0 name=\"/usr/bin/ls\" inode=1835071 dev=08:01"
                    + " mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0"
                    + " cap_frootid=0",
            "type=PATH msg=audit(1733140000.123:4521): item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=1835296"
                    + " dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0"
                    + " cap_fver=0 cap_frootid=0",
            "type=PROCTITLE msg=audit(1733140000.123:4521): proctitle=6C73002D6C61002F746D702F6D7920646972",
            "type=EOE msg=audit(1733140000.123:4521): ");

    private static final String USER_LOGIN = "type=USER_LOGIN msg=audit(1733140001.500:4522): pid=1400 uid=0"
            + " auid=1000 ses=3 subj=unconfined msg='op=login id=1000 exe=\"/usr/sbin/sshd\" hostname=10.0.0.5"
            + " addr=10.0.0.5 terminal=/dev/pts/1 res=success'";

    @TempDir
    Path root;
    EventAssembler assembler;
    AuditRecordParser parser;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "alice:x:1000:1000::/home/alice:/bin/sh\n");
        parser = new AuditRecordParser(new FieldInterpreter(new Passwd(root), "amd64"));
        assembler = new EventAssembler(parser);
    }

    private List<AuditEvent> feed(List<String> lines) throws AuditException {
        List<AuditEvent> out = new ArrayList<>();
        for (String line : lines) {
            AuditLogLine l = AuditLogLine.of(line);
            assembler.add(l.type(), l.payload()).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void aSyscallEventIsReleasedByItsEoeWithEveryRecordsFields() throws Exception {
        List<AuditEvent> events = feed(EXECVE_EVENT.subList(0, 6));
        assertEquals(List.of(), events, "nothing before the EOE record");
        events = feed(EXECVE_EVENT.subList(6, 7));
        assertEquals(1, events.size());
        AuditEvent e = events.get(0);
        assertEquals("4521", e.serial());
        assertEquals("1733140000.123", e.timestamp());
        assertEquals("EOE", e.type());  // libaudit-go hands out the EOE record, filled with the others' fields
        Map<String, String> expected = new TreeMap<>();
        expected.putAll(Map.ofEntries(
                // SYSCALL: arch as the agent's architecture, syscall by name, uids by name, exit 0 as success
                Map.entry("arch", "amd64"), Map.entry("syscall", "execve"), Map.entry("success", "yes"),
                Map.entry("exit", "success"), Map.entry("a3", "0x8"), Map.entry("items", "2"),
                Map.entry("ppid", "1201"), Map.entry("pid", "1342"), Map.entry("auid", "alice"),
                Map.entry("uid", "root"), Map.entry("gid", "0"), Map.entry("euid", "root"),
                Map.entry("suid", "root"), Map.entry("fsuid", "root"), Map.entry("egid", "0"),
                Map.entry("sgid", "0"), Map.entry("fsgid", "0"), Map.entry("tty", "pts0"), Map.entry("ses", "3"),
                Map.entry("comm", "ls"), Map.entry("exe", "/usr/bin/ls"), Map.entry("subj", "unconfined"),
                Map.entry("key", "exec"),
                // EXECVE: its a0..a2 replace the SYSCALL record's (same names, later record wins); hex decoded
                Map.entry("argc", "3"), Map.entry("a0", "ls"), Map.entry("a1", "-la"),
                Map.entry("a2", "/tmp/my dir"),
                Map.entry("cwd", "/root"),
                // PATH: the second item's fields win; mode in words; capability bitmaps print empty
                Map.entry("item", "1"), Map.entry("name", "/lib64/ld-linux-x86-64.so.2"),
                Map.entry("inode", "1835296"), Map.entry("dev", "08:01"), Map.entry("mode", "file755"),
                Map.entry("ouid", "root"), Map.entry("ogid", "0"), Map.entry("rdev", "00:00"),
                Map.entry("nametype", "NORMAL"), Map.entry("cap_fp", ""), Map.entry("cap_fi", ""),
                Map.entry("cap_fe", "0"), Map.entry("cap_fver", "0"), Map.entry("cap_frootid", "0"),
                Map.entry("proctitle", "ls\0-la\0/tmp/my dir")));
        assertEquals(expected, new TreeMap<>(e.data()));
        // The raw text: the EOE record, then each record's fields after the shared prefix.
        String raw = "audit(1733140000.123:4521): ";
        StringBuilder expectedRaw = new StringBuilder(raw);
        for (String line : EXECVE_EVENT.subList(0, 6)) {
            expectedRaw.append(' ').append(AuditLogLine.of(line).payload().substring(raw.length()));
        }
        assertEquals(expectedRaw.toString(), e.raw());
    }

    @Test
    void theAlertIsGoJsonOfTheEventWithRawOnlyWhenAsked() throws Exception {
        AuditEvent login = feed(List.of(USER_LOGIN)).get(0);  // a user message is an event on its own
        assertEquals("{\"Serial\":\"4522\",\"Timestamp\":\"1733140001.500\",\"Type\":\"USER_LOGIN\",\"Data\":{"
                + "\"addr\":\"10.0.0.5\",\"auid\":\"alice\",\"exe\":\"/usr/sbin/sshd\",\"hostname\":\"10.0.0.5\","
                + "\"id\":\"alice\",\"op\":\"login\",\"pid\":\"1400\",\"res\":\"success\",\"ses\":\"3\","
                + "\"subj\":\"unconfined\",\"terminal\":\"/dev/pts/1\",\"uid\":\"root\"},\"Raw\":\"\"}",
                login.toAlert(false));
        JsonNode withRaw = new ObjectMapper().readTree(login.toAlert(true));
        assertEquals(AuditLogLine.of(USER_LOGIN).payload(), withRaw.get("Raw").asText());

        String execve = feed(EXECVE_EVENT).get(0).toAlert(false);
        assertTrue(execve.startsWith("{\"Serial\":\"4521\",\"Timestamp\":\"1733140000.123\",\"Type\":\"EOE\","
                + "\"Data\":{\"a0\":\"ls\",\"a1\":\"-la\",\"a2\":\"/tmp/my dir\",\"a3\":\"0x8\",\"arch\":\"amd64\","),
                execve);
        assertTrue(execve.contains("\"proctitle\":\"ls\\u0000-la\\u0000/tmp/my dir\""), execve);
        assertTrue(execve.endsWith("\"uid\":\"root\"},\"Raw\":\"\"}"), execve);
    }

    @Test
    void interleavedEventsAreKeptApartBySerial() throws Exception {
        List<String> lines = List.of(
                "type=SYSCALL msg=audit(1733140002.001:100): arch=c000003e syscall=2 success=no exit=-13 a0=7ffd"
                        + " a1=0 a2=1b6 a3=0 items=1 ppid=1 pid=10 auid=4294967295 uid=1000 gid=1000 euid=1000"
                        + " suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=(none) ses=4294967295"
                        + " comm=\"cat\" exe=\"/usr/bin/cat\" key=(null)",
                "type=SYSCALL msg=audit(1733140002.002:101): arch=c000003e syscall=87 success=yes exit=0 a0=5"
                        + " a1=0 a2=0 a3=0 items=2 ppid=1 pid=11 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000"
                        + " fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts1 ses=2 comm=\"rm\" exe=\"/usr/bin/rm\""
                        + " key=\"passwd-watch\"",
                "type=PATH msg=audit(1733140002.001:100): item=0 name=\"/etc/shadow\" inode=2 dev=08:01"
                        + " mode=0100640 ouid=0 ogid=42 rdev=00:00 nametype=NORMAL",
                "type=EOE msg=audit(1733140002.002:101): ",
                "type=EOE msg=audit(1733140002.001:100): ");
        List<AuditEvent> events = feed(lines);
        assertEquals(List.of("101", "100"), events.stream().map(AuditEvent::serial).toList());
        Map<String, String> unlink = events.get(0).data();
        assertEquals("unlink", unlink.get("syscall"));
        assertEquals("passwd-watch", unlink.get("key"));
        assertEquals(null, unlink.get("name"));
        Map<String, String> open = events.get(1).data();
        assertEquals("open", open.get("syscall"));
        assertEquals("-13", open.get("exit"));
        assertEquals("unknown(4294967295)", open.get("auid"));  // not in passwd
        assertEquals("unset", open.get("ses"));
        assertEquals("(none)", open.get("tty"));
        assertEquals("(null)", open.get("key"));
        assertEquals("alice", open.get("uid"));
        assertEquals("file640", open.get("mode"));
        assertEquals("/etc/shadow", open.get("name"));
    }

    @Test
    void valuesWithSpacesQuotesAndResultsAsLibauditGoReadsThem() throws Exception {
        AuditEvent e = parser.parse(1123, "audit(1733140003.000:7): pid=5 uid=0 auid=1000 ses=1"
                + " msg='cwd=\"/home/my dir\" cmd=6C73202D6C exe=\"/usr/bin/sudo\" terminal=pts/0 res=1'");
        assertEquals("USER_CMD", e.type());
        assertEquals("/home/my dir", e.data().get("cwd"));  // a word without '=' continues the value
        assertEquals("ls -l", e.data().get("cmd"));
        assertEquals("no", e.data().get("res"));  // libaudit-go's result words are off by one: 1 reads "no"
        assertEquals("pts/0", e.data().get("terminal"));
    }

    @Test
    void signalsAndCapabilitiesByName() throws Exception {
        AuditEvent abend = parser.parse(1701, "audit(1733140004.000:8): auid=1000 uid=1000 gid=1000 ses=2"
                + " pid=3000 comm=\"crashy\" exe=\"/usr/local/bin/crashy\" sig=11 res=1 capability=21");
        assertEquals("ANOM_ABEND", abend.type());
        assertEquals("SIGSEGV", abend.data().get("sig"));
        assertEquals("sys_admin", abend.data().get("capability"));
        AuditEvent kill = parser.parse(1300, "audit(1733140004.001:9): arch=c000003e syscall=62 success=yes exit=0"
                + " a0=bb8 a1=9 a2=0 a3=0 items=0");
        assertEquals("0xbb8", kill.data().get("a0"));
        assertEquals("SIGKILL", kill.data().get("a1"));  // kill's second argument is a signal (hex)
        assertEquals("unknown signal (40)", parser.parse(1701, "audit(1.000:1): sig=40").data().get("sig"));
        AuditEvent chmod = parser.parse(1300, "audit(1733140004.002:10): arch=c000003e syscall=90 success=yes"
                + " exit=0 a0=7ffc a1=ded a2=0 a3=0 items=1");
        assertEquals("suid,sgid0755", chmod.data().get("a1"));  // chmod(path, 06755): the mode in words
        assertEquals("0x7ffc", chmod.data().get("a0"));
    }

    @Test
    void selinuxDenialsGiveTheirVerdictAndPermissions() throws Exception {
        // An AVC record (kernel: security/lsm_audit.c), part of a syscall event, so held until its EOE.
        List<AuditEvent> events = feed(List.of(
                "type=AVC msg=audit(1733140005.147:96): avc:  denied  { getattr read } for  pid=2465 comm=\"httpd\""
                        + " path=\"/var/www/html/file1\" dev=\"dm-0\" ino=284133"
                        + " scontext=system_u:system_r:httpd_t:s0 tcontext=unconfined_u:object_r:samba_share_t:s0"
                        + " tclass=file permissive=0",
                "type=EOE msg=audit(1733140005.147:96): "));
        Map<String, String> d = events.get(0).data();
        assertEquals("denied", d.get("seresult"));
        assertEquals("getattr,read", d.get("seperms"));
        assertEquals("httpd", d.get("comm"));
        assertEquals("/var/www/html/file1", d.get("path"));
        assertEquals("system_u:system_r:httpd_t:s0", d.get("scontext"));
        assertEquals("file", d.get("tclass"));
        assertEquals(null, d.get("for"));

        // A USER_AVC from userspace: the verdict runs on as words until the next field.
        AuditEvent user = parser.parse(1107, "audit(1733140006.000:97): pid=1 uid=0 auid=4294967295"
                + " ses=4294967295 subj=system_u:system_r:init_t:s0 msg='avc:  received setenforce notice"
                + " (enforcing=1)  exe=\"/usr/lib/systemd/systemd\" sauid=0 hostname=? addr=? terminal=?'");
        assertEquals("USER_AVC", user.type());
        assertEquals("received setenforce notice", user.data().get("seresult"));
        assertEquals("1", user.data().get("(enforcing"));  // libaudit-go splits the parenthesis at '='
        assertEquals("/usr/lib/systemd/systemd", user.data().get("exe"));
        assertEquals("root", user.data().get("sauid"));
        assertEquals("?", user.data().get("terminal"));
    }

    @Test
    void recordsLibauditGoCannotReadAreErrors() {
        assertEquals("unknown message type 9999", assertThrows(AuditException.class,
                () -> parser.parse(9999, "audit(1.000:1): a=b")).getMessage());
        assertEquals("malformed, missing audit prefix", assertThrows(AuditException.class,
                () -> parser.parse(1300, "arch=c000003e")).getMessage());
        assertEquals("malformed, prefix termination unexpected", assertThrows(AuditException.class,
                () -> parser.parse(1300, "audit(1.000:1):arch=c000003e")).getMessage());
        assertEquals("interpretField: syscall 4000 not found", assertThrows(AuditException.class,
                () -> parser.parse(1300, "audit(1.000:1): arch=c000003e syscall=4000")).getMessage());
    }

    @Test
    void anEoeWithoutRecordsGivesNothing() throws Exception {
        assertEquals(Optional.empty(), assembler.add(1320, "audit(1.000:55): "));
    }
}
