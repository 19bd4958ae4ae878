package org.wasmcloud4j.component.runtime;

/**
 * The objects of one {@link HostResource} by rep: an open-addressing table keyed by {@code int}, so creating,
 * finding and dropping a host resource allocates nothing (no boxed key, no map node). Reps are handed out in
 * increasing order and never reused while their object lives. Thread-safe (one lock; calls are short and rarely
 * contended: an instance is used by one thread at a time).
 *
 * @param <T> the objects' type
 */
final class HostObjects<T> {
    private static final int EMPTY = 0;   // rep 0 is never handed out
    private static final int DELETED = -1;   // nor is a negative rep
    private static final int MAX_CAPACITY = 1 << 30;

    private int[] keys = new int[16];
    private Object[] values = new Object[16];
    private int size;
    /** Live entries plus deleted markers: what decides a rehash. */
    private int used;
    private int next = 1;

    /** Stores {@code object} under a new rep, which it returns. */
    synchronized int add(T object) {
        if (next <= 0) {
            throw new Trap("host resource reps are exhausted (" + Integer.MAX_VALUE + " created)");
        }
        if ((used + 1) * 4L > keys.length * 3L) {
            rehash(size + 1 > keys.length / 2 ? keys.length * 2 : keys.length);
        }
        int rep = next++;
        int mask = keys.length - 1;
        int i = mix(rep) & mask;
        while (keys[i] != EMPTY && keys[i] != DELETED) {
            i = (i + 1) & mask;
        }
        if (keys[i] == EMPTY) {
            used++;
        }
        keys[i] = rep;
        values[i] = object;
        size++;
        return rep;
    }

    /** The object under {@code rep}, or {@code null}. */
    @SuppressWarnings("unchecked")
    synchronized T get(int rep) {
        int i = slot(rep);
        return i < 0 ? null : (T) values[i];
    }

    /** Removes and returns the object under {@code rep}, or {@code null} if there is none. */
    @SuppressWarnings("unchecked")
    synchronized T remove(int rep) {
        int i = slot(rep);
        if (i < 0) {
            return null;
        }
        T o = (T) values[i];
        keys[i] = DELETED;
        values[i] = null;
        size--;
        return o;
    }

    /** Number of live objects. */
    synchronized int size() {
        return size;
    }

    private int slot(int rep) {
        if (rep <= 0) {
            return -1;
        }
        int mask = keys.length - 1;
        for (int i = mix(rep) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == rep) {
                return i;
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    private void rehash(int capacity) {
        if (capacity > MAX_CAPACITY) {
            throw new Trap("too many live host resources (" + size + ")");
        }
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[capacity];
        values = new Object[capacity];
        used = size;
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            int k = oldKeys[j];
            if (k != EMPTY && k != DELETED) {
                int i = mix(k) & mask;
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
    }

    private static int mix(int rep) {
        int h = rep * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
