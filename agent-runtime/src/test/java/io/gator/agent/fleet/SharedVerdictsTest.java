package io.gator.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gator.core.action.Action;
import io.gator.core.sign.SignatureException;
import io.gator.core.sign.SignatureVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SharedVerdictsTest {
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    /** Accepts actions named "good" as signed by one key, refuses the others. */
    private final SignatureVerifier real = new SignatureVerifier() {
        @Override
        public String verify(byte[] data, String sig) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> verifyAction(Action a) throws SignatureException {
            calls.incrementAndGet();
            if (!a.name().equals("good")) {
                throw new SignatureException(SignatureException.Kind.BAD_SIGNATURE, "bad signature: test");
            }
            return List.of("FP");
        }
    };
    private final SharedVerdicts shared = new SharedVerdicts(real, Duration.ofSeconds(10), 3, clock);

    private static Action action(String name, String signature) {
        OffsetDateTime t = OffsetDateTime.parse("2026-11-23T09:00:00Z");
        return Action.of(1, name, "true", t, t.plusHours(2), List.of()).withSignatures(List.of(signature));
    }

    @Test
    void theSameActionIsVerifiedOnceForManyAgents() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertEquals(List.of("FP"), shared.verifyAction(action("good", "sig-1")));
        }
        assertEquals(1, calls.get());
    }

    @Test
    void anyDifferenceInTheActionIsVerifiedAfresh() throws Exception {
        shared.verifyAction(action("good", "sig-1"));
        // same signatures, other content: a tampered copy must not ride on the earlier verdict
        assertThrows(SignatureException.class, () -> shared.verifyAction(action("tampered", "sig-1")));
        assertEquals(2, calls.get());
    }

    @Test
    void refusalsAreNeverRemembered() {
        for (int i = 0; i < 3; i++) {
            assertThrows(SignatureException.class, () -> shared.verifyAction(action("bad", "sig-2")));
        }
        assertEquals(3, calls.get());
        assertEquals(0, shared.size());
    }

    @Test
    void aVerdictIsReusedOnlyWithinItsTtlAndTheMemoryIsBounded() throws Exception {
        shared.verifyAction(action("good", "sig-1"));
        now.set(now.get().plusSeconds(11));
        shared.verifyAction(action("good", "sig-1"));
        assertEquals(2, calls.get());
        for (int i = 0; i < 5; i++) {
            shared.verifyAction(action("good", "sig-x" + i));
        }
        assertEquals(true, shared.size() <= 3);
    }
}
