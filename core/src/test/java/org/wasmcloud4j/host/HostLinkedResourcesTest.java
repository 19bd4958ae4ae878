package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.lattice.InProcessLattice;
import org.wasmcloud4j.host.lattice.Link;

/**
 * Resources across in-process links: {@code wat-counter-user} imports {@code example:counters/api} (resource
 * {@code counter}) linked to {@code wat-counters}, which exports it and reports every destructor run to a Java
 * probe. Handles stay owned by the target's instance (pinned for the caller's invocation), borrow and own cross,
 * drops propagate, and handles the caller leaks are dropped when its invocation ends. In one host and across two
 * hosts of an {@link InProcessLattice}, in both engine modes.
 */
class HostLinkedResourcesTest {
    private static final String TARGET = "classpath:org/wasmcloud4j/fixtures/wat-counters.component.wasm";
    private static final String USER = "classpath:org/wasmcloud4j/fixtures/wat-counter-user.component.wasm";
    private final List<Long> dropped = new CopyOnWriteArrayList<>();

    private void probe(Host h) {
        h.putProvider("probe", "example:counters/probe", Map.of("dropped", args -> {
            dropped.add(((Value.Int) args.get(0)).value());
            return null;
        }));
    }

    private static long call(Host h, String fn, long start) {
        return ((Value.Int) h.invoke("user", fn, new Value.Int(PrimitiveType.U32, start)).orElseThrow()).value();
    }

    /**
     * The calls (against {@code wat-counter-user.component.expected-responses.txt}) and the destructor runs the probe
     * sees ({@code wat-counters.component.expected-responses.txt}), the same whether the two share a host or not.
     */
    private void exercise(Host caller) {
        StringBuilder calls = new StringBuilder();
        StringBuilder drops = new StringBuilder();
        java.util.function.BiConsumer<String, Long> step = (fn, start) -> {
            calls.append(fn).append('(').append(start).append(") -> ").append(call(caller, fn, start)).append('\n');
            // each destructor ran inside the invocation: by the caller's drop (run, two), by the target (consume),
            // or by the host at the end of the invocation for a leaked handle (leak)
            dropped.forEach(v -> drops.append("dropped(").append(v).append(")\n"));
            dropped.clear();
        };
        step.accept("run", 5L);       // constructor, borrow<self> twice on one instance, the caller's drop
        step.accept("consume", 5L);   // own<counter> moved back into the target
        step.accept("leak", 40L);     // never dropped by the caller
        step.accept("two", 1L);       // two counters on one target instance, both live until dropped
        assertThat(calls.toString())
                .isEqualTo(Fixtures.text("wat-counter-user.component.expected-responses.txt").orElseThrow());
        assertThat(drops.toString())
                .isEqualTo(Fixtures.text("wat-counters.component.expected-responses.txt").orElseThrow());
        // the target (max 1 instance) got its instance back every time: more invocations keep working
        for (int i = 0; i < 5; i++) {
            assertThat(call(caller, "leak", i)).isEqualTo(i + 1);
        }
        assertThat(dropped).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void resourcesCrossALinkInOneHost(Engine.Mode mode) {
        try (Host h = Host.builder().engineMode(mode).build()) {
            probe(h);
            h.startComponent("counters", TARGET, 1);
            h.startComponent("user", USER, 2);
            h.putLink(Link.of("counters", "probe", "example:counters", "probe"));
            h.putLink(Link.of("user", "counters", "example:counters", "api"));
            exercise(h);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void resourcesCrossALinkBetweenTwoHostsOfALattice(Engine.Mode mode) {
        InProcessLattice lattice = InProcessLattice.create("resources");
        try (Host a = Host.builder().lattice(lattice).engineMode(mode).build();
                Host b = Host.builder().lattice(lattice).engineMode(mode).build()) {
            probe(b);
            b.startComponent("counters", TARGET, 1);
            a.startComponent("user", USER, 2);
            a.putLink(Link.of("counters", "probe", "example:counters", "probe"));
            a.putLink(Link.of("user", "counters", "example:counters", "api"));
            exercise(a);
        }
    }
}
