package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The slot limiter under contention: never more than the maximum at once, no lost wake-ups. */
class LimiterTest {
    @Test
    void atMostMaxRunAtOnceAndEveryWaiterGetsASlot() throws Exception {
        Limiter limiter = new Limiter(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    try {
                        if (!limiter.acquire(30_000)) {
                            throw new AssertionError("no slot within 30 s");
                        }
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    running.decrementAndGet();
                    limiter.release();
                    done.incrementAndGet();
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(done.get()).isEqualTo(16 * 2_000);
        assertThat(most.get()).isBetween(1, 3);
        assertThat(limiter.active()).isZero();
        assertThat(limiter.awaitIdle(System.currentTimeMillis())).isTrue();
    }

    @Test
    void aWaiterTimesOutAndScalingUpLetsItIn() throws Exception {
        Limiter limiter = new Limiter(1);
        assertThat(limiter.acquire(0)).isTrue();
        assertThat(limiter.acquire(50)).isFalse();
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            limiter.setMax(2);
        });
        later.start();
        assertThat(limiter.acquire(10_000)).isTrue();
        later.join();
        assertThat(limiter.active()).isEqualTo(2);
        limiter.release();
        limiter.release();
        assertThat(limiter.awaitIdle(System.currentTimeMillis() + 1_000)).isTrue();
    }
}
