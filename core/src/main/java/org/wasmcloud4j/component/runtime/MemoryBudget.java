package org.wasmcloud4j.component.runtime;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upper bound on the linear memory of every instance that draws on it, together: the pages an instance's memories
 * get at instantiation and every page {@code memory.grow} adds are charged to the budget, and given back when the
 * instance is {@linkplain Instance#close() closed} (or, if it never is, once it is garbage). A {@code memory.grow}
 * that does not fit returns -1 to the guest, as the WebAssembly specification allows any growth to fail; an
 * instantiation whose initial memory does not fit fails with {@link MemoryBudgetException}. However many instances
 * exist, their memories never hold more than the budget, so guests cannot run the JVM out of heap through their
 * linear memories. Thread-safe; share one budget between engines (and hosts) to bound them together.
 *
 * <p>Linear memories live on the Java heap (Chicory keeps them as 64 KiB byte arrays), so the
 * {@linkplain #jvmDefault() default budget}, shared by every engine and host not given another, is half the maximum
 * heap: the other half is left for what the host itself keeps per instance and per call (compiled code's data,
 * snapshots of pooled instances' initial memories, values copied across the canonical ABI, HTTP bodies) and for the
 * garbage collector's headroom, without which a nearly full heap is collected back to back.
 */
public final class MemoryBudget {
    private static final long PAGE = com.dylibso.chicory.runtime.Memory.PAGE_SIZE;
    private static final MemoryBudget DEFAULT = new MemoryBudget(Math.max(PAGE, Runtime.getRuntime().maxMemory() / 2));
    /**
     * After a collection that freed nothing, the next is asked for no sooner than this (ns): a guest retrying a
     * refused growth in a loop must not make the JVM collect back to back.
     */
    private static final long GC_INTERVAL_NANOS = 1_000_000_000L;

    private final long limitBytes;
    private final AtomicLong usedPages = new AtomicLong();
    /** Reservations of live stores: keeps their phantom references reachable until released. */
    private final Set<Reservation> live = ConcurrentHashMap.newKeySet();
    private final ReferenceQueue<Object> unreachable = new ReferenceQueue<>();
    private final AtomicLong lastCollection = new AtomicLong(System.nanoTime() - GC_INTERVAL_NANOS);
    /** Whether the last collection asked for gave pages back (then the next may follow at once). */
    private volatile boolean lastCollectionFreed = true;

    private MemoryBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /**
     * A budget of {@code bytes} (rounded down to whole 64 KiB pages).
     *
     * @throws IllegalArgumentException if {@code bytes} is less than one page
     */
    public static MemoryBudget ofBytes(long bytes) {
        if (bytes < PAGE) {
            throw new IllegalArgumentException("a memory budget must hold at least one 64 KiB page, got " + bytes
                    + " bytes");
        }
        return new MemoryBudget(bytes / PAGE * PAGE);
    }

    /** The budget of every engine and host not given another: half of the JVM's maximum heap. */
    public static MemoryBudget jvmDefault() {
        return DEFAULT;
    }

    /** The most bytes of linear memory the instances drawing on this budget hold together. */
    public long limitBytes() {
        return limitBytes;
    }

    /** The bytes of linear memory charged now. */
    public long usedBytes() {
        expunge();
        return usedPages.get() * PAGE;
    }

    @Override
    public String toString() {
        return "MemoryBudget[" + mib(usedPages.get() * PAGE) + " of " + mib(limitBytes) + " used]";
    }

    /** {@code bytes} in MiB, or KiB when that is not whole. */
    static String mib(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes % 1024 == 0 ? (bytes >> 10) + " KiB"
                : bytes + " bytes";
    }

    /** A new account for the memories of {@code owner}, given back when released or when {@code owner} is garbage. */
    Reservation open(Object owner) {
        expunge();
        Reservation r = new Reservation(owner, this);
        live.add(r);
        return r;
    }

    /** Charges {@code pages} if they fit; with one collection (rate-limited) when they do not at first. */
    private boolean take(long pages) {
        if (tryTake(pages)) {
            return true;
        }
        expunge();
        if (tryTake(pages)) {
            return true;
        }
        long last = lastCollection.get();
        long now = System.nanoTime();
        if ((!lastCollectionFreed && now - last < GC_INTERVAL_NANOS) || !lastCollection.compareAndSet(last, now)) {
            return false;
        }
        // instances dropped without close() hold their charge until the collector finds them: ask for a collection
        System.gc();
        long freed = 0;
        try {
            for (int i = 0; i < 10; i++) {
                freed += expunge();
                if (tryTake(pages)) {
                    return true;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();   // the execution time limit: stop waiting, keep the interrupt
                    return false;
                }
            }
            return false;
        } finally {
            lastCollectionFreed = freed > 0;
        }
    }

    private boolean tryTake(long pages) {
        long limitPages = limitBytes / PAGE;
        while (true) {
            long used = usedPages.get();
            if (used + pages > limitPages) {
                return false;
            }
            if (usedPages.compareAndSet(used, used + pages)) {
                return true;
            }
        }
    }

    /** Releases the reservations of stores found unreachable; returns the pages given back. */
    private long expunge() {
        long freed = 0;
        for (Object r; (r = unreachable.poll()) != null; ) {
            freed += ((Reservation) r).release();
        }
        return freed;
    }

    /**
     * The pages charged for the memories of one store. Grows on its instance's thread; released once, from whatever
     * thread closes the instance, or when the store has become unreachable.
     */
    static final class Reservation extends PhantomReference<Object>
            implements org.wasmcloud4j.component.abi.TrackedMemory.PageBudget {
        private final MemoryBudget budget;
        private long pages;
        private boolean released;

        private Reservation(Object owner, MemoryBudget budget) {
            super(owner, budget.unreachable);
            this.budget = budget;
        }

        MemoryBudget budget() {
            return budget;
        }

        /** Charges {@code n} more pages; false (nothing charged) if they do not fit or the account is released. */
        @Override
        public synchronized boolean grow(int n) {
            if (released || !budget.take(n)) {
                return false;
            }
            pages += n;
            return true;
        }

        /** Gives back {@code n} pages charged by {@link #grow} that were not used after all. */
        @Override
        public synchronized void shrink(int n) {
            if (!released) {
                pages -= n;
                budget.usedPages.addAndGet(-n);
            }
        }

        /** Gives back every page; returns how many. Idempotent. */
        synchronized long release() {
            if (released) {
                return 0;
            }
            released = true;
            long n = pages;
            budget.usedPages.addAndGet(-n);
            pages = 0;
            budget.live.remove(this);
            clear();
            return n;
        }
    }
}
