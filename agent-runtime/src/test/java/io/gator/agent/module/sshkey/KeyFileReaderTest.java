package io.gator.agent.module.sshkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.module.sshkey.FoundKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** authorized_keys lines as Go's ssh.ParseAuthorizedKey reads them, and MIG's one error per file. */
class KeyFileReaderTest {
    /** An Ed25519 public key blob (type string and 32 bytes). */
    private static final String KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    @Test
    void optionsMayHoldQuotedSpacesAndCommas() {
        byte[] blob = KeyFileReader.authorizedKey("command=\"echo a, b c\",no-pty ssh-ed25519 " + KEY + " me@host").orElseThrow();
        assertArrayEquals(Base64.getDecoder().decode(KEY), blob);
        assertTrue(KeyFileReader.authorizedKey("  ssh-ed25519 " + KEY).isPresent());
    }

    @Test
    void commentsBlankLinesAndGarbageAreNoKeys() {
        assertTrue(KeyFileReader.authorizedKey("# ssh-ed25519 " + KEY).isEmpty());
        assertTrue(KeyFileReader.authorizedKey("   ").isEmpty());
        assertTrue(KeyFileReader.authorizedKey("ssh-rsa not-base64 x").isEmpty());
    }

    @Test
    void anAuthorizedKeysFileWithSeveralBadLinesGetsOneError() {
        List<String> errors = new ArrayList<>();
        List<FoundKey> keys = KeyFileReader.read("/h/.ssh/authorized_keys2", "authorized_keys2",
                "junk\nssh-ed25519 " + KEY + "\n\nmore junk\n", errors);
        assertEquals(1, keys.size());
        assertEquals(FoundKey.AUTHORIZED, keys.get(0).type());
        assertEquals(List.of("/h/.ssh/authorized_keys2 contained unparsable data"), errors);
    }
}
