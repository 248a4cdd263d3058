package io.gator.cli.console;

import io.gator.cli.Problems;
import io.gator.core.module.flag.InvalidFlagException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Runs one console line in a context and answers the next context, or empty to leave the console. A failing
 * command prints its error and leaves the context as it was.
 */
public final class ConsoleShell {
    private final ConsoleSession s;

    public ConsoleShell(ConsoleSession session) {
        this.s = session;
    }

    public Optional<ConsoleContext> run(ConsoleContext ctx, String line) {
        try {
            LineFilter f = LineFilter.parse(Words.split(line));
            List<String> words = f.command();
            if (words.isEmpty()) {
                return Optional.of(ctx);
            }
            if (ctx instanceof ConsoleContext.TopLevel && List.of("exit", "quit").contains(words.get(0))) {
                return Optional.empty();
            }
            if (!f.filters()) {
                return Optional.of(dispatch(ctx, words, s.out()));
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            ConsoleContext next;
            try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                next = dispatch(ctx, words, capture);
            }
            buf.toString(StandardCharsets.UTF_8).lines().filter(f::passes).forEach(s.out()::println);
            return Optional.of(next);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.err().println("interrupted");
        } catch (InvalidFlagException e) {
            s.err().print(e.usage());
            s.err().println("error: " + Problems.describe(e));
        } catch (Exception e) {
            s.err().println("error: " + Problems.describe(e));
        }
        s.out().flush();
        return Optional.of(ctx);
    }

    private ConsoleContext dispatch(ConsoleContext ctx, List<String> words, PrintStream out) throws Exception {
        if (ctx instanceof ConsoleContext.InAction a) {
            return new ActionReader(s).run(a, words, out);
        }
        if (ctx instanceof ConsoleContext.InAgent a) {
            return new AgentReader(s).run(a, words, out);
        }
        if (ctx instanceof ConsoleContext.InSchedule o) {
            return new ScheduleReader(s).run(o, words, out);
        }
        if (ctx instanceof ConsoleContext.InInvestigator i) {
            return new InvestigatorReader(s).run(i, words, out);
        }
        if (ctx instanceof ConsoleContext.InLoader l) {
            return new LoaderReader(s).run(l, words, out);
        }
        if (ctx instanceof ConsoleContext.InManifest m) {
            return new ManifestReader(s).run(m, words, out);
        }
        return new TopLevelCommands(s).run(ctx, words, out);
    }
}
