package org.wasmcloud4j.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.wasi.WasiHttp;

/**
 * One image of a component as a host runs it: linked and ready to instantiate, with a pool of idle instances. Every
 * invocation gets an instance in the state of a fresh one: a new instance, or (when reuse is on) one that finished an
 * invocation normally and was {@link Instance#reset reset} to its post-instantiation state — exactly equivalent, and
 * much cheaper. An instance that trapped, grew its memory, or cannot be reset exactly is closed instead. At most
 * {@code maxIdle} instances wait in the pool; a retired deployment (updated or stopped) closes its instances.
 */
final class Deployment {
    private final String imageRef;
    private final InstancePre pre;
    private final Map<String, String> annotations;
    private final WasiHttp http;
    private final boolean reuse;
    /** The deployment's linkable imports: what a watcher's bucket is opened through. */
    private final LinkedCalls linked;
    /** Idle instances, most recently used last (its memory is likeliest still in cache); guarded by itself. */
    private final ArrayDeque<Instance> idle = new ArrayDeque<>();
    private volatile boolean retired;

    Deployment(String imageRef, InstancePre pre, Map<String, String> annotations, WasiHttp http, boolean reuse,
            LinkedCalls linked) {
        this.imageRef = imageRef;
        this.linked = linked;
        this.pre = pre;
        this.annotations = Map.copyOf(annotations);
        this.http = http;
        this.reuse = reuse;
    }

    String imageRef() {
        return imageRef;
    }

    InstancePre pre() {
        return pre;
    }

    Map<String, String> annotations() {
        return annotations;
    }

    WasiHttp http() {
        return http;
    }

    /** A bucket handle for {@code name}, as the component's own {@code store.open} would give it. */
    org.wasmcloud4j.component.value.Value.Handle openBucket(String name) {
        return linked.openBucket(name);
    }

    /** An instance in its post-instantiation state, with fresh link names as its data. */
    Instance take() {
        Instance i;
        synchronized (idle) {
            i = idle.pollLast();
        }
        if (i != null) {
            return i;
        }
        return reuse ? pre.instantiateReusable(new BusCapability.LinkNames())
                : pre.instantiate(new BusCapability.LinkNames());
    }

    /**
     * Takes back an instance from {@link #take}: pooled again if its invocation {@code completed} normally, the pool
     * has room and the reset is exact; closed otherwise.
     */
    void release(Instance i, boolean completed, int maxIdle) {
        if (i.data() instanceof BusCapability.LinkNames names) {
            names.endInvocation();   // first: leaked linked resources are dropped, their targets' instances freed
        }
        if (completed && reuse && !retired && i.reset(fresh(i.data()))) {
            synchronized (idle) {
                if (!retired && idle.size() < maxIdle) {
                    idle.addLast(i);
                    return;
                }
            }
        }
        i.close();
    }

    /** The instance's link names, forgotten (or new ones if it has none): the data of its next invocation. */
    private static BusCapability.LinkNames fresh(Object data) {
        if (data instanceof BusCapability.LinkNames names) {
            names.clear();
            return names;
        }
        return new BusCapability.LinkNames();
    }

    /** No more pooling: idle instances are closed now, running ones when released. */
    void retire() {
        List<Instance> left;
        synchronized (idle) {
            retired = true;
            left = new ArrayList<>(idle);
            idle.clear();
        }
        left.forEach(Instance::close);
    }
}
