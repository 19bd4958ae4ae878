package org.wasmcloud4j.host.lattice;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Lattice.Target}s served in this JVM, by id, for {@link Lattice} implementations: several targets may
 * serve one id (hosts of one lattice object running the same component); {@link #pick} goes round-robin over them.
 * Thread-safe.
 */
public final class LocalTargets {
    private final Map<String, List<Lattice.Target>> targets = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    /** Adds {@code target} for {@code id}; closing the handle removes it. */
    public AutoCloseable add(String id, Lattice.Target target) {
        Objects.requireNonNull(target, "target");
        targets.computeIfAbsent(Objects.requireNonNull(id, "id"), k -> new CopyOnWriteArrayList<>()).add(target);
        return () -> targets.computeIfPresent(id, (k, list) -> {
            list.remove(target);
            return list.isEmpty() ? null : list;
        });
    }

    /** The next target serving {@code id} here, if any. */
    public Optional<Lattice.Target> pick(String id) {
        List<Lattice.Target> serving = targets.get(id);
        if (serving == null) {
            return Optional.empty();
        }
        Object[] now = serving.toArray();
        return now.length == 0 ? Optional.empty()
                : Optional.of((Lattice.Target) now[Math.floorMod(next.getAndIncrement(), now.length)]);
    }
}
