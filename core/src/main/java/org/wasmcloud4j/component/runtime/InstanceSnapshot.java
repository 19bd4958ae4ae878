package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wasmcloud4j.component.abi.HandleTable;

/**
 * Everything a component instance can change, as it was right after instantiation, so that {@link Instance#reset}
 * can return the instance to exactly that state: a reset instance is indistinguishable from a fresh one.
 *
 * <p>The mutable state of an instance is: its core instances' linear memories (contents and size), mutable globals,
 * tables (size and entries) and element segments (dropped or not); passive data segments; the resource handle tables
 * of its component instances; per-instance host state ({@link CallContext#attachment}) and the embedder's data.
 * Memories, globals, tables and element segments are copied back; handle tables must be empty (every handle dropped)
 * and are laid out afresh, so new handles get the indices a fresh instance would give; attachments are cleared. What
 * cannot be copied back refuses the reset instead: memory or table growth. Passive data segments (which
 * {@code data.drop} replaces) are restored through Chicory's private segment array, as {@code MemoryPages} reads
 * pages; where that array is not accessible, and for modules with exception tags or more than one memory, instances
 * are not snapshotted.
 */
final class InstanceSnapshot {
    private final List<Memory> memories = new ArrayList<>();
    private final List<byte[]> memoryBytes = new ArrayList<>();
    private final List<GlobalInstance> globals = new ArrayList<>();
    private final List<long[]> globalValues = new ArrayList<>();
    private final List<TableInstance> tables = new ArrayList<>();
    private final List<int[]> tableRefs = new ArrayList<>();
    private final List<com.dylibso.chicory.runtime.Instance[]> tableInstances = new ArrayList<>();
    private final List<com.dylibso.chicory.runtime.Instance> cores = new ArrayList<>();
    private final List<Element[]> elements = new ArrayList<>();
    /** The data segments of each core instance with passive ones (else {@code null}), as instantiated. */
    private final List<DataSegment[]> dataSegments = new ArrayList<>();
    /** Chicory 1.7.5's {@code Instance.dataSegments}; {@code null} if this Chicory has no such field. */
    private static final java.lang.invoke.VarHandle DATA_SEGMENTS = dataSegmentsField();

    private static java.lang.invoke.VarHandle dataSegmentsField() {
        try {
            return java.lang.invoke.MethodHandles.privateLookupIn(com.dylibso.chicory.runtime.Instance.class,
                    java.lang.invoke.MethodHandles.lookup()).findVarHandle(com.dylibso.chicory.runtime.Instance.class,
                    "dataSegments", DataSegment[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private final java.util.function.UnaryOperator<byte[]> shareImage;
    /** The store's component-instance frames and their handle tables, as at the snapshot (fixed after instantiation). */
    private Instantiation.Frame[] frames;
    private HandleTable[] handleTables;

    private InstanceSnapshot(java.util.function.UnaryOperator<byte[]> shareImage) {
        this.shareImage = shareImage;
    }

    /**
     * The state of {@code store}'s instance now; empty if it cannot be restored exactly (see the class doc). Memory
     * images go through {@code shareImage}, which may hand back an equal array to keep instead (never written).
     */
    static Optional<InstanceSnapshot> take(Store store, java.util.function.UnaryOperator<byte[]> shareImage) {
        InstanceSnapshot s = new InstanceSnapshot(shareImage);
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        s.frames = new Instantiation.Frame[store.tables.size()];
        s.handleTables = new HandleTable[s.frames.length];
        int n = 0;
        for (var e : store.tables.entrySet()) {
            s.frames[n] = (Instantiation.Frame) e.getKey();
            s.handleTables[n++] = e.getValue();
            if (e.getValue().size() != 0) {
                return Optional.empty();
            }
            for (Instantiation.CoreInstance ci : ((Instantiation.Frame) e.getKey()).coreInstances) {
                if (ci instanceof Instantiation.ChicoryInstance c && seen.add(c.instance())
                        && !s.add(c.instance(), seen)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(s);
    }

    private boolean add(com.dylibso.chicory.runtime.Instance core, Set<Object> seen) {
        int memoryCount = core.module().memorySection().map(ms -> ms.memoryCount()).orElse(0)
                + core.module().importSection().count(com.dylibso.chicory.wasm.types.ExternalType.MEMORY);
        if (core.tagCount() > 0 || memoryCount > 1) {
            return false;   // exception tags and a second memory (multi-memory) are state this does not cover
        }
        DataSegment[] segments = null;
        for (DataSegment d : core.module().dataSection().dataSegments()) {
            if (d instanceof PassiveDataSegment) {
                if (DATA_SEGMENTS == null) {
                    return false;
                }
                segments = ((DataSegment[]) DATA_SEGMENTS.get(core)).clone();
                break;
            }
        }
        Memory m = core.memory();
        if (m != null && seen.add(m)) {
            memories.add(m);
            memoryBytes.add(shareImage.apply(m.readBytes(0, m.pages() * Memory.PAGE_SIZE)));
            if (m instanceof org.wasmcloud4j.component.abi.TrackedMemory t) {
                t.clean();   // from here on, what is written is what a reset copies back
            }
        }
        for (int i = 0; i < core.globalCount(); i++) {
            GlobalInstance g = core.global(i);
            if (g != null && g.getMutabilityType() == MutabilityType.Var && seen.add(g)) {
                globals.add(g);
                globalValues.add(new long[] {g.getValueLow(), g.getValueHigh()});
            }
        }
        for (int i = 0; i < core.tableCount(); i++) {
            TableInstance t = core.table(i);
            if (t != null && seen.add(t)) {
                int[] refs = new int[t.size()];
                com.dylibso.chicory.runtime.Instance[] owners = new com.dylibso.chicory.runtime.Instance[t.size()];
                for (int j = 0; j < refs.length; j++) {
                    refs[j] = t.ref(j);
                    owners[j] = t.instance(j);
                }
                tables.add(t);
                tableRefs.add(refs);
                tableInstances.add(owners);
                if (t instanceof BridgingTable bt) {
                    bt.clean();
                }
            }
        }
        Element[] els = new Element[core.elementCount()];
        for (int i = 0; i < els.length; i++) {
            els[i] = core.element(i);
        }
        cores.add(core);
        elements.add(els);
        dataSegments.add(segments);
        return true;
    }

    /** Whether every memory holds exactly its snapshot image now (a check for tests of {@link #restore}). */
    boolean memoriesMatch() {
        for (int i = 0; i < memories.size(); i++) {
            Memory m = memories.get(i);
            byte[] image = memoryBytes.get(i);
            if (m.pages() * (long) Memory.PAGE_SIZE != image.length
                    || !java.util.Arrays.equals(m.readBytes(0, image.length), image)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Puts {@code store}'s instance back into the snapshot's state; false (changing nothing) when that cannot be
     * done exactly: a memory or table grew, a resource handle is still live, or a call is running in it.
     */
    boolean restore(Store store) {
        for (int i = 0; i < memories.size(); i++) {
            if (memories.get(i).pages() * (long) Memory.PAGE_SIZE != memoryBytes.get(i).length) {
                return false;
            }
        }
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).size() != tableRefs.get(i).length) {
                return false;
            }
        }
        if (store.tables.size() != frames.length) {
            return false;   // a component instance this snapshot does not know (tables are made at instantiation)
        }
        for (int i = 0; i < frames.length; i++) {
            if (store.tables.get(frames[i]) != handleTables[i]) {
                return false;
            }
            if (handleTables[i].size() != 0 || frames[i].enteredBy != null) {
                return false;   // a live handle, or a call still running in the instance
            }
        }
        for (int i = 0; i < memories.size(); i++) {
            byte[] image = memoryBytes.get(i);
            if (memories.get(i) instanceof org.wasmcloud4j.component.abi.TrackedMemory t) {
                t.restore(image);   // only the blocks written since the snapshot
            } else {
                memories.get(i).write(0, image, 0, image.length);
            }
        }
        for (int i = 0; i < globals.size(); i++) {
            long[] v = globalValues.get(i);
            globals.get(i).setValueLow(v[0]);
            globals.get(i).setValueHigh(v[1]);
        }
        for (int i = 0; i < tables.size(); i++) {
            TableInstance t = tables.get(i);
            if (t instanceof BridgingTable bt && !bt.written()) {
                continue;   // nothing set since the snapshot (guest code rarely writes tables)
            }
            int[] refs = tableRefs.get(i);
            com.dylibso.chicory.runtime.Instance[] owners = tableInstances.get(i);
            for (int j = 0; j < refs.length; j++) {
                if (t.ref(j) != refs[j] || t.instance(j) != owners[j]) {
                    t.setRef(j, refs[j], owners[j]);
                }
            }
            if (t instanceof BridgingTable bt) {
                bt.clean();   // after the writes just made
            }
        }
        for (int i = 0; i < cores.size(); i++) {
            com.dylibso.chicory.runtime.Instance core = cores.get(i);
            Element[] els = elements.get(i);
            for (int j = 0; j < els.length; j++) {
                if (core.element(j) != els[j]) {
                    core.setElement(j, els[j]);
                }
            }
            DataSegment[] segments = dataSegments.get(i);
            if (segments != null) {
                System.arraycopy(segments, 0, (DataSegment[]) DATA_SEGMENTS.get(core), 0, segments.length);
            }
        }
        for (HandleTable t : handleTables) {
            t.clear();
        }
        store.attachments.clear();
        return true;
    }
}
