package io.gator.agent.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Action;
import io.gator.core.command.Command;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VerificationStepTest {
    private final List<Runnable> tasks = new ArrayList<>();
    private final VerificationStep step = new VerificationStep(cmd -> {
        if (cmd.id() == 2) {
            throw new io.gator.agent.verify.CommandRefusedException("bad signature: no");
        }
    }, tasks::add);

    private static Command command(long id) {
        OffsetDateTime now = OffsetDateTime.now();
        Action a = Action.of(id * 10, "a", "status='online'", now.minusMinutes(1), now.plusMinutes(10), List.of())
                .withSignatures(List.of("sig")).withStatus("preparing");
        return Command.sent(id, a, now);
    }

    private VerificationStep.Verdict await(java.util.concurrent.CompletionStage<VerificationStep.Verdict> v)
            throws Exception {
        return v.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void verdictsThatCompleteOutOfOrderAreHandedBackInArrivalOrder() throws Exception {
        var first = step.verify(1, command(1), null);
        var second = step.verify(2, command(2), null);
        var third = step.verify(3, command(3), null);
        tasks.get(2).run();
        tasks.get(1).run();
        assertEquals(List.of(), step.arrived(await(third)), "held back: the first is still being verified");
        assertEquals(List.of(), step.arrived(await(second)));
        tasks.get(0).run();
        List<VerificationStep.Verdict> due = step.arrived(await(first));
        assertEquals(List.of(1L, 2L, 3L), due.stream().map(VerificationStep.Verdict::ticket).toList());
        assertEquals(Optional.of("bad signature: no"), due.get(1).refusal());
        assertTrue(due.get(0).refusal().isEmpty() && due.get(2).refusal().isEmpty());
        assertEquals(0, step.open());
    }

    @Test
    void aVerdictOfAnotherIncarnationIsIgnored() {
        VerificationStep.Verdict stranger = new VerificationStep.Verdict(99, command(9), null, Optional.empty(),
                Optional.empty());
        assertEquals(List.of(), step.arrived(stranger));
        assertEquals(0, step.open());
    }
}
