package org.wasmcloud4j.component.runtime;

/** Reaches the watchdog's test hooks from tests in other packages (the host's). */
public final class WatchdogHooks {
    private WatchdogHooks() {
    }

    /** Ends {@code w}'s thread as an unexpected failure would, and waits until it has ended. */
    public static void kill(ExecutionWatchdog w) throws InterruptedException {
        w.crashForTest();
        w.thread().join(10_000);
        if (w.isRunning()) {
            throw new AssertionError("the watchdog thread did not end");
        }
    }
}
