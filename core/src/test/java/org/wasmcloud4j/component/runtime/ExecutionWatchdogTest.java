package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutionWatchdogTest {
    /** A watched thread whose interrupt fails, as a thread out of memory might. */
    private static final class Unstoppable extends Thread {
        private final ExecutionWatchdog watchdog;
        private final CountDownLatch late = new CountDownLatch(1);
        private volatile boolean done;

        Unstoppable(ExecutionWatchdog watchdog) {
            this.watchdog = watchdog;
            setDaemon(true);
        }

        @Override
        public void interrupt() {
            late.countDown();
            throw new OutOfMemoryError("simulated: the interrupt failed");
        }

        @Override
        public void run() {
            ExecutionWatchdog.Ticket t = watchdog.start();
            while (!done) {
                Thread.onSpinWait();
            }
            t.close();
        }
    }

    @Test
    void theWatchSurvivesAFailureOnOneThreadAndStillStopsOthers() throws Exception {
        try (ExecutionWatchdog w = new ExecutionWatchdog(Duration.ofMillis(100), "test-watchdog")) {
            Unstoppable bad = new Unstoppable(w);
            bad.start();
            assertThat(bad.late.await(10, TimeUnit.SECONDS)).isTrue();
            // the watchdog got the error from that thread's interrupt and goes on: this thread is still stopped
            ExecutionWatchdog.Ticket mine = w.start();
            try {
                assertThatThrownBy(() -> Thread.sleep(10_000)).isInstanceOf(InterruptedException.class);
                assertThat(mine.fired()).isTrue();
            } finally {
                mine.close();
            }
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(w.isRunning()).isTrue();
            bad.done = true;
            bad.join();
        }
    }

    @Test
    void aStrayInterruptDoesNotEndTheWatchButAnUnexpectedEndIsReported() throws Exception {
        ExecutionWatchdog w = new ExecutionWatchdog(Duration.ofMillis(50), "test-watchdog");
        w.thread().interrupt();
        Thread.sleep(50);
        assertThat(w.isRunning()).isTrue();
        assertThat(w.thread().isAlive()).isTrue();
        WatchdogHooks.kill(w);
        assertThat(w.isRunning()).isFalse();
        assertThat(w.thread().isAlive()).isFalse();
        w.close();
        assertThat(w.isRunning()).isFalse();
        ExecutionWatchdog closed = new ExecutionWatchdog(Duration.ofMillis(50), "test-watchdog");
        closed.close();
        closed.thread().join(10_000);
        assertThat(closed.isRunning()).isFalse();
        assertThatThrownBy(() -> new ExecutionWatchdog(Duration.ZERO, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsAreDescribedAsPeopleWriteThem() {
        assertThat(ExecutionWatchdog.describe(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(ExecutionWatchdog.describe(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(ExecutionWatchdog.describe(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(ExecutionWatchdog.describe(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(ExecutionWatchdog.describe(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(ExecutionWatchdog.describe(Duration.ofNanos(5))).isEqualTo("PT0.000000005S");
    }
}
