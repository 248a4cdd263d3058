package io.gator.cli.console;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code mig console}: reads lines with JLine (editing, history file, tab completion) and runs each in the current
 * context. Ctrl-C clears the line; Ctrl-D leaves a reader mode, and the console at the top level.
 */
public final class Console {
    /** Where the history is kept unless {@code -history FILE} says otherwise. */
    public static final String HISTORY_ENV = "MIG_CONSOLE_HISTORY";
    /** The history file under $HOME, as MIG's console keeps {@code ~/.mig_console_history}. */
    public static final String HISTORY_FILE = ".mig_console_history";

    private final ConsoleSession session;

    public Console(ConsoleSession session) {
        this.session = session;
    }

    /** {@code -history FILE} among {@code args}, else $MIG_CONSOLE_HISTORY, else ~/.mig_console_history. */
    public static Path historyFile(List<String> args, Function<String, String> env) {
        List<String> rest = new ArrayList<>(args);
        Optional<Path> flag = Optional.empty();
        while (!rest.isEmpty()) {
            String a = rest.remove(0).replaceFirst("^--", "-");
            if (a.equals("-history") && !rest.isEmpty()) {
                flag = Optional.of(Path.of(rest.remove(0)));
            } else if (a.startsWith("-history=")) {
                flag = Optional.of(Path.of(a.substring("-history=".length())));
            } else {
                throw new IllegalArgumentException("usage: mig console [-c file] [-history file]; unknown '" + a + "'");
            }
        }
        if (flag.isPresent()) {
            return flag.get();
        }
        String fromEnv = env.apply(HISTORY_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String home = env.apply("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home, HISTORY_FILE);
    }

    /**
     * Runs a {@code mig} command, then puts back the INT handler it found: a launch installs its own for Ctrl-C
     * (stop following, offer to cancel), which would otherwise replace JLine's at the prompt for good.
     */
    public static int keepingInterruptHandler(java.util.function.IntSupplier command) {
        sun.misc.Signal interrupt = new sun.misc.Signal("INT");
        sun.misc.SignalHandler before;
        try {
            before = sun.misc.Signal.handle(interrupt, sun.misc.SignalHandler.SIG_DFL);
            sun.misc.Signal.handle(interrupt, before);
        } catch (IllegalArgumentException e) {
            return command.getAsInt(); // no INT handling on this platform
        }
        try {
            return command.getAsInt();
        } finally {
            sun.misc.Signal.handle(interrupt, before);
        }
    }

    /** The terminal of this process (JNI, else exec, else a dumb one when there is no terminal). */
    public static Terminal systemTerminal() throws IOException {
        return TerminalBuilder.builder().system(true).jni(true).exec(true).ffm(false).dumb(true).build();
    }

    /** Runs until exit, quit or Ctrl-D at the top level; answers the exit code (0). */
    public int run(Terminal terminal, Path history) throws IOException {
        AtomicReference<ConsoleContext> ctx = new AtomicReference<>(new ConsoleContext.TopLevel());
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("mig")
                .completer(new ConsoleCompleter(ctx::get))
                .variable(LineReader.HISTORY_FILE, history)
                // '!' and '^' belong to regular expressions here, not to history expansion
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        ConsoleShell shell = new ConsoleShell(session);
        session.out().println("mig console: type help for the orders, tab to complete, exit or ctrl+d to leave.");
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(ctx.get().prompt());
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    if (ctx.get() instanceof ConsoleContext.TopLevel) {
                        break;
                    }
                    ctx.set(new ConsoleContext.TopLevel());
                    continue;
                }
                Optional<ConsoleContext> next = shell.run(ctx.get(), line);
                session.out().flush();
                session.err().flush();
                if (next.isEmpty()) {
                    break;
                }
                ctx.set(next.get());
            }
        } finally {
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                session.err().println("[warning] history not saved to " + history + ": " + e.getMessage());
            }
        }
        session.out().println("exit");
        return 0;
    }
}
