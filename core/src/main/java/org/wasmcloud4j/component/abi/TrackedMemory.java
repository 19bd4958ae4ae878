package org.wasmcloud4j.component.abi;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import java.util.Arrays;

/**
 * The runtime's linear memory: a {@link ByteArrayMemory} whose growth is charged to a {@link PageBudget} (a
 * {@code memory.grow} the budget refuses returns -1), and which, when tracking, remembers which 4 KiB blocks were
 * written since it was last {@linkplain #clean() cleaned}, so that an instance can be returned to an earlier state by
 * copying back only those blocks ({@link #restore}). Every way of writing goes through a method here that writes to
 * the {@link ByteArrayMemory} inside first and then marks the blocks it touched: guest stores,
 * {@code memory.copy}/{@code fill}/{@code init}, and the host's writes. Reads go straight to the memory inside
 * ({@link MemoryPages} reads its pages directly). Every memory the runtime makes is one of these, tracking or not, so
 * that guest memory accesses see a single memory class. Used by one thread at a time, like the instance it belongs to.
 */
public final class TrackedMemory implements Memory {
    /** Where a memory's pages are charged. */
    public interface PageBudget {
        /** Charges {@code pages} more pages; false when they do not fit (the growth then fails). */
        boolean grow(int pages);

        /** Gives back {@code pages} charged by {@link #grow} for a growth that did not happen. */
        void shrink(int pages);
    }

    private static final int BLOCK_SHIFT = 12;
    private final ByteArrayMemory memory;
    private final PageBudget budget;
    /** One bit per block written since the last {@link #clean()}; {@code null} when not tracking. */
    private long[] dirty;
    /**
     * Whether the memory still holds only the zeros it was made with: Chicory zeroes every memory it instantiates
     * before writing its data segments, which for a fresh memory was a pass over all of it (16 MB for the SpiderMonkey
     * greeter, at every instantiation). Cleared by every bulk write and by the first {@link #zero()}; scalar stores
     * (guest code, the canonical ABI) only happen once the instance exists, after that first zero.
     */
    private boolean fresh = true;

    /** A tracking memory around {@code memory} (as it was made: all zeros), growing without a budget. */
    public TrackedMemory(ByteArrayMemory memory) {
        this(memory, null, true);
    }

    /**
     * A memory around {@code memory} (as it was made: all zeros) whose growth is charged to {@code budget}
     * ({@code null}: none), remembering its writes if {@code track}. The pages {@code memory} has already are the caller's to charge.
     */
    public TrackedMemory(ByteArrayMemory memory, PageBudget budget, boolean track) {
        this.memory = memory;
        this.budget = budget;
        this.dirty = track ? new long[words(memory.pages())] : null;
    }

    /** Whether the memory remembers its writes. */
    public boolean tracking() {
        return dirty != null;
    }

    private static int words(int pages) {
        return Math.max(1, ((pages << (16 - BLOCK_SHIFT)) + 63) >>> 6);
    }

    ByteArrayMemory inner() {
        return memory;
    }

    /** Forgets every write so far: the current contents become the state {@link #restore} returns to. */
    public void clean() {
        if (dirty != null) {
            Arrays.fill(dirty, 0);
        }
    }

    /**
     * Copies back from {@code image} (the contents when last cleaned, exactly this memory's size) the blocks written
     * since, and cleans: the memory holds {@code image} again.
     */
    public void restore(byte[] image) {
        fresh = false;
        if (dirty == null) {
            memory.write(0, image, 0, image.length);   // not tracking: all of it
            return;
        }
        int blockSize = 1 << BLOCK_SHIFT;
        for (int w = 0; w < dirty.length; w++) {
            long bits = dirty[w];
            while (bits != 0) {
                int addr = ((w << 6) + Long.numberOfTrailingZeros(bits)) << BLOCK_SHIFT;
                bits &= bits - 1;
                if (addr < image.length) {   // beyond the image only if the memory grew, which callers refuse first
                    memory.write(addr, image, addr, blockSize);
                }
            }
            dirty[w] = 0;
        }
    }

    private void mark(int addr, int len) {
        if (len <= 0 || dirty == null) {
            return;
        }
        int first = addr >>> BLOCK_SHIFT;
        int last = (int) ((Integer.toUnsignedLong(addr) + len - 1) >>> BLOCK_SHIFT);
        for (int b = first; b <= last; b++) {
            dirty[b >>> 6] |= 1L << b;
        }
    }

    private void mark1(int addr, int len) {
        long[] dirty = this.dirty;
        if (dirty == null) {
            return;
        }
        int b = addr >>> BLOCK_SHIFT;
        dirty[b >>> 6] |= 1L << b;
        int e = (addr + len - 1) >>> BLOCK_SHIFT;
        if (e != b) {
            dirty[e >>> 6] |= 1L << e;
        }
    }

    // ------------------------------------------------------------------ writes: write first, then mark

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        fresh = false;
        memory.write(addr, data, offset, size);
        mark(addr, size);
    }

    @Override
    public void writeI32(int addr, int data) {
        memory.writeI32(addr, data);
        mark1(addr, 4);
    }

    @Override
    public void writeLong(int addr, long data) {
        memory.writeLong(addr, data);
        mark1(addr, 8);
    }

    @Override
    public void writeShort(int addr, short data) {
        memory.writeShort(addr, data);
        mark1(addr, 2);
    }

    @Override
    public void writeByte(int addr, byte data) {
        memory.writeByte(addr, data);
        long[] dirty = this.dirty;
        if (dirty != null) {
            int b = addr >>> BLOCK_SHIFT;
            dirty[b >>> 6] |= 1L << b;
        }
    }

    @Override
    public void writeF32(int addr, float data) {
        memory.writeF32(addr, data);
        mark1(addr, 4);
    }

    @Override
    public void writeF64(int addr, double data) {
        memory.writeF64(addr, data);
        mark1(addr, 8);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        fresh = false;
        memory.fill(value, fromIndex, toIndex);
        mark(fromIndex, toIndex - fromIndex);
    }

    @Override
    public void copy(int dest, int src, int size) {
        fresh = false;
        memory.copy(dest, src, size);
        mark(dest, size);
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        fresh = false;
        memory.initPassiveSegment(segmentId, dest, offset, size);
        mark(dest, size);
    }

    @Override
    public void zero() {
        if (fresh) {
            fresh = false;   // nothing written yet: already zero
        } else {
            memory.zero();
        }
        if (dirty != null) {
            Arrays.fill(dirty, -1L);
        }
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        fresh = false;
        memory.initialize(instance, dataSegments);
        if (dirty != null) {
            Arrays.fill(dirty, -1L);
        }
    }

    @Override
    public int grow(int size) {
        if (size <= 0 || memory.pages() + (long) size > memory.maximumPages()) {
            return memory.grow(size);   // nothing to charge: growing by 0, or beyond the maximum (fails)
        }
        if (budget != null && !budget.grow(size)) {
            return -1;   // the budget is spent: growth fails, as the specification allows any growth to
        }
        int old;
        long[] more = null;
        try {
            if (dirty != null && words(memory.pages() + size) > dirty.length) {
                more = Arrays.copyOf(dirty, words(memory.pages() + size));   // first: growth cannot fail after it
            }
            old = memory.grow(size);
        } catch (OutOfMemoryError e) {
            old = -1;   // the heap could not hold the new pages after all: the growth fails, the guest goes on
        }
        if (old >= 0 && more != null) {
            dirty = more;
        }
        if (old < 0 && budget != null) {
            budget.shrink(size);
        }
        return old;
    }

    // ------------------------------------------------------------------ everything else: the memory inside

    @Override
    public int pages() {
        return memory.pages();
    }

    @Override
    public int initialPages() {
        return memory.initialPages();
    }

    @Override
    public int maximumPages() {
        return memory.maximumPages();
    }

    @Override
    public boolean shared() {
        return memory.shared();
    }

    @Override
    public Object lock(int address) {
        return memory.lock(address);
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        return memory.waitOn(address, expected, timeout);
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        return memory.waitOn(address, expected, timeout);
    }

    @Override
    public int notify(int address, int maxThreads) {
        return memory.notify(address, maxThreads);
    }

    @Override
    public byte read(int addr) {
        return memory.read(addr);
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        return memory.readBytes(addr, len);
    }

    @Override
    public int readInt(int addr) {
        return memory.readInt(addr);
    }

    @Override
    public long readLong(int addr) {
        return memory.readLong(addr);
    }

    @Override
    public short readShort(int addr) {
        return memory.readShort(addr);
    }

    @Override
    public long readU16(int addr) {
        return memory.readU16(addr);
    }

    @Override
    public long readF32(int addr) {
        return memory.readF32(addr);
    }

    @Override
    public float readFloat(int addr) {
        return memory.readFloat(addr);
    }

    @Override
    public long readF64(int addr) {
        return memory.readF64(addr);
    }

    @Override
    public double readDouble(int addr) {
        return memory.readDouble(addr);
    }

    @Override
    public long readI32(int addr) {
        return memory.readI32(addr);
    }

    @Override
    public long readU32(int addr) {
        return memory.readU32(addr);
    }

    @Override
    public long readI64(int addr) {
        return memory.readI64(addr);
    }

    @Override
    public long readI16(int addr) {
        return memory.readI16(addr);
    }

    @Override
    public long readU8(int addr) {
        return memory.readU8(addr);
    }

    @Override
    public long readI8(int addr) {
        return memory.readI8(addr);
    }

    @Override
    public void drop(int segment) {
        memory.drop(segment);
    }
}
