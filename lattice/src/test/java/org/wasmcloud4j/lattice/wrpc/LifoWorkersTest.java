package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The server's call threads: bounds, the last idle thread first, keep-alive and shutdown. */
class LifoWorkersTest {
    @Test
    void callsPastTheThreadsWaitAndPastTheQueueAreRefused() throws Exception {
        LifoWorkers w = new LifoWorkers(2, 3, 30, TimeUnit.SECONDS, "t-");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        AtomicInteger done = new AtomicInteger();
        Runnable blocked = () -> {
            running.countDown();
            await(release);
            done.incrementAndGet();
        };
        for (int i = 0; i < 5; i++) {
            w.execute(blocked);   // 2 run, 3 wait
        }
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(w.threads()).isEqualTo(2);
        assertThat(w.queued()).isEqualTo(3);
        assertThatThrownBy(() -> w.execute(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("2 calls running and 3 waiting");
        release.countDown();
        waitFor(() -> done.get() == 5);
        assertThat(w.queued()).isZero();
        w.shutdown();
        assertThat(w.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void oneCallAfterAnotherRunsOnTheThreadThatBecameIdleLast() throws Exception {
        LifoWorkers w = new LifoWorkers(8, 8, 30, TimeUnit.SECONDS, "t-");
        // start four threads at once, then let them all become idle
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            w.execute(() -> {
                running.countDown();
                await(release);
            });
        }
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        waitFor(() -> w.idleThreads() == 4);
        List<String> names = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            CountDownLatch one = new CountDownLatch(1);
            Thread[] ranOn = new Thread[1];
            w.execute(() -> {
                names.add(Thread.currentThread().getName());
                ranOn[0] = Thread.currentThread();
                one.countDown();
            });
            assertThat(one.await(5, TimeUnit.SECONDS)).isTrue();
            waitFor(() -> ranOn[0].getState() == Thread.State.TIMED_WAITING);   // idle again before the next call
        }
        assertThat(Set.copyOf(names)).as("calls one at a time keep to one thread").hasSize(1);
        assertThat(w.threads()).isEqualTo(4);
        w.shutdown();
        assertThat(w.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(w.threads()).isZero();
    }

    @Test
    void idleThreadsEndAfterTheKeepAlive() throws Exception {
        LifoWorkers w = new LifoWorkers(4, 4, 100, TimeUnit.MILLISECONDS, "t-");
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 3; i++) {
            w.execute(() -> await(release));
        }
        waitFor(() -> w.threads() == 3);
        release.countDown();
        waitFor(() -> w.threads() == 0);
        CountDownLatch again = new CountDownLatch(1);
        w.execute(again::countDown);   // a new thread starts on demand
        assertThat(again.await(5, TimeUnit.SECONDS)).isTrue();
        w.shutdown();
        assertThat(w.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shutdownRefusesNewCallsAndFinishesQueuedOnes() throws Exception {
        LifoWorkers w = new LifoWorkers(1, 10, 30, TimeUnit.SECONDS, "t-");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        w.execute(() -> await(release));
        for (int i = 0; i < 5; i++) {
            w.execute(done::incrementAndGet);
        }
        w.shutdown();
        assertThatThrownBy(() -> w.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        release.countDown();
        assertThat(w.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(done.get()).isEqualTo(5);
    }

    @Test
    void aFailingCallDoesNotCostAThread() throws Exception {
        LifoWorkers w = new LifoWorkers(1, 10, 30, TimeUnit.SECONDS, "t-");
        CountDownLatch after = new CountDownLatch(1);
        w.execute(() -> {
            throw new IllegalStateException("boom");
        });
        w.execute(after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(w.threads()).isEqualTo(1);
        w.shutdown();
        assertThat(w.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Many threads handing calls over at once: every call runs exactly once, within the thread bound. */
    @Test
    void concurrentHandOversRunEveryCallOnceWithinTheBound() throws Exception {
        LifoWorkers w = new LifoWorkers(8, 100_000, 50, TimeUnit.MILLISECONDS, "t-");
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Thread[] senders = new Thread[4];
        for (int s = 0; s < senders.length; s++) {
            int base = s * 5_000;
            senders[s] = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    int id = base + i;
                    w.execute(() -> {
                        most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                        ran.add(id);
                        concurrent.decrementAndGet();
                    });
                    if (i % 97 == 0) {
                        Thread.yield();
                    }
                }
            });
            senders[s].start();
        }
        for (Thread t : senders) {
            t.join();
        }
        waitFor(() -> ran.size() == 20_000);
        assertThat(most.get()).isLessThanOrEqualTo(8);
        waitFor(() -> w.threads() == 0);   // the keep-alive ends them all
        w.shutdown();
        assertThat(w.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * While a thread runs a call, calls that arrive wait for it instead of waking other threads: a stream of short
     * calls handed over one after another while the first is still running stays on one thread.
     */
    @Test
    void callsArrivingWhileOneRunsAreTakenByTheRunningThread() throws Exception {
        LifoWorkers w = new LifoWorkers(8, 1000, 30, TimeUnit.SECONDS, "t-", TimeUnit.SECONDS.toNanos(10));
        CountDownLatch release = new CountDownLatch(1);
        Set<String> ranOn = ConcurrentHashMap.newKeySet();
        AtomicInteger done = new AtomicInteger();
        w.execute(() -> {
            ranOn.add(Thread.currentThread().getName());
            await(release);
        });
        for (int i = 0; i < 200; i++) {
            w.execute(() -> {
                ranOn.add(Thread.currentThread().getName());
                done.incrementAndGet();
            });
        }
        assertThat(w.queued()).isEqualTo(200);
        assertThat(w.threads()).isEqualTo(1);
        release.countDown();
        waitFor(() -> done.get() == 200);
        assertThat(ranOn).as("every call on the thread that was running").hasSize(1);
        assertThat(w.threads()).isEqualTo(1);
        w.shutdown();
        assertThat(w.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * A call queued behind a call that blocks gets a thread of its own once it has waited the patience: the blocked
     * call holds nobody up for long, also when nothing else arrives to trigger the hand-over.
     */
    @Test
    void aCallBehindABlockedOneStartsAfterThePatience() throws Exception {
        long patience = TimeUnit.MILLISECONDS.toNanos(20);
        LifoWorkers w = new LifoWorkers(4, 100, 30, TimeUnit.SECONDS, "t-", patience);
        CountDownLatch release = new CountDownLatch(1);
        w.execute(() -> await(release));
        for (int round = 0; round < 3; round++) {   // the promoter also wakes from its sleep between rounds
            CountDownLatch started = new CountDownLatch(1);
            long queuedAt = System.nanoTime();
            long[] startedAt = {0};
            w.execute(() -> {
                startedAt[0] = System.nanoTime();
                started.countDown();
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).as("round %d", round).isTrue();
            assertThat(startedAt[0] - queuedAt).as("waited at least the patience").isGreaterThanOrEqualTo(patience);
            Thread.sleep(round == 1 ? 1500 : 0);   // 1.5 s without a queued call: the promoter sleeps
        }
        assertThat(w.threads()).isEqualTo(2);
        release.countDown();
        w.shutdown();
        assertThat(w.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Many calls stuck behind blocked threads all get threads, up to the bound, and the rest wait their turn. */
    @Test
    void blockedThreadsAreJoinedByNewOnesUpToTheBound() throws Exception {
        LifoWorkers w = new LifoWorkers(6, 100, 30, TimeUnit.SECONDS, "t-", TimeUnit.MILLISECONDS.toNanos(5));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(6);
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            w.execute(() -> {
                running.countDown();
                await(release);
                done.incrementAndGet();
            });
        }
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        waitFor(() -> w.queued() == 4);
        assertThat(w.threads()).isEqualTo(6);
        release.countDown();
        waitFor(() -> done.get() == 10);
        w.shutdown();
        assertThat(w.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(5);
        }
    }
}
