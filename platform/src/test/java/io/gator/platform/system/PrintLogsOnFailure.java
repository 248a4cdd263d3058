package io.gator.platform.system;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints every node's log when a system test fails, so CI output shows what the processes saw. */
final class PrintLogsOnFailure implements TestWatcher {
    private final Supplier<SystemPlatform> platform;

    PrintLogsOnFailure(Supplier<SystemPlatform> platform) {
        this.platform = platform;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        SystemPlatform p = platform.get();
        if (p != null) {
            System.out.println("system test " + context.getDisplayName() + " failed: " + cause);
            p.printLogs();
        }
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        testFailed(context, cause);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {}
}
