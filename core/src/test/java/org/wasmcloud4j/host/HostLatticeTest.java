package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wasmcloud4j.host.TestValues.u64;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.lattice.InProcessLattice;
import org.wasmcloud4j.host.lattice.LatticeEvent;
import org.wasmcloud4j.host.lattice.Link;

/** Several hosts in one JVM on one {@link InProcessLattice}: shared links, config, events, messages and calls. */
class HostLatticeTest {
    private static final String HOP = "example:relay/hop@0.1.0";
    private static final String RELAY = "classpath:org/wasmcloud4j/fixtures/wat-relay.component.wasm";
    private static final String LEAF = "classpath:org/wasmcloud4j/fixtures/wat-leaf.component.wasm";
    private static final String ECHO = "classpath:org/wasmcloud4j/fixtures/wat-echo-handler.component.wasm";

    private static Host host(InProcessLattice lattice) {
        return Host.builder().lattice(lattice).engineMode(Engine.Mode.INTERPRETER).build();
    }

    private static String hop(Host h, String id, String s) {
        return ((Value.Str) h.invoke(id, HOP, "hop", List.of(new Value.Str(s))).orElseThrow()).value();
    }

    @Test
    void linkedCallsCrossHostsAndFollowWhereTheTargetRuns() {
        InProcessLattice lattice = InProcessLattice.create("two-hosts");
        List<LatticeEvent> seenByA = new CopyOnWriteArrayList<>();
        try (Host a = host(lattice); Host b = host(lattice); Host c = host(lattice)) {
            a.addListener(seenByA::add);
            assertThat(lattice.hosts()).containsExactly(a, b, c);
            assertThat(lattice.host(b.hostId())).containsSame(b);   // control by host id
            assertThat(lattice.host("NOPE")).isEmpty();
            assertThat(a.lattice()).isEqualTo("two-hosts");
            a.startComponent("r1", RELAY, 2);
            b.startComponent("r2", RELAY, 2);
            c.startComponent("leaf", LEAF, 2);
            // links are lattice state: put through any host, seen by all
            a.putLink(Link.of("r1", "r2", "example:relay", "hop"));
            c.putLink(Link.of("r2", "leaf", "example:relay", "hop"));
            assertThat(b.links()).hasSize(2).containsExactlyInAnyOrderElementsOf(a.links());
            assertThat(hop(a, "r1", "x")).isEqualTo("r:r:leaf(x)");   // a → b → c

            // a Java provider on one host answers components on another
            b.putProvider("java-leaf", "example:relay/hop", Map.of("hop",
                    args -> new Value.Str("java(" + ((Value.Str) args.get(0)).value() + ")")));
            b.deleteLink("r2", "default", "example", "relay");
            a.putLink(Link.of("r2", "java-leaf", "example:relay", "hop"));
            assertThat(hop(a, "r1", "y")).isEqualTo("r:r:java(y)");

            // the target moves: stopped on c, started on a, and the same link reaches it there
            a.deleteLink("r2", "default", "example", "relay");
            a.putLink(Link.of("r2", "leaf", "example:relay", "hop"));
            c.stopComponent("leaf");
            assertThatThrownBy(() -> hop(a, "r1", "z"))
                    .hasMessageContaining("no component or provider with id 'leaf' runs in lattice two-hosts");
            a.startComponent("leaf", LEAF, 1);
            assertThat(hop(a, "r1", "z")).isEqualTo("r:r:leaf(z)");

            // events of every host reach a listener on one of them
            assertThat(seenByA).extracting(e -> e.source() + " " + e.name()).contains(
                    b.hostId() + " component_scaled", c.hostId() + " component_scaled",
                    c.hostId() + " linkdef_set", b.hostId() + " linkdef_deleted");

            // a stopped host leaves the lattice and its components are no longer reachable
            b.close();
            assertThat(lattice.hosts()).containsExactly(a, c);
            assertThat(seenByA).extracting(LatticeEvent::name).contains("host_stopped");
            assertThatThrownBy(() -> hop(a, "r1", "w")).hasMessageContaining("'r2'");
        }
        assertThat(lattice.hosts()).isEmpty();
    }

    @Test
    void namedConfigIsSharedAndAStoppedHostsListenersStop() throws Exception {
        InProcessLattice lattice = InProcessLattice.create("cfg");
        List<LatticeEvent> seenByB = new CopyOnWriteArrayList<>();
        try (Host a = host(lattice)) {
            try (Host b = host(lattice)) {
                b.addListener(seenByB::add);
                a.putConfig("db", Map.of("url", "jdbc:x"));
                assertThat(b.config("db")).contains(Map.of("url", "jdbc:x"));
                b.deleteConfig("db");
                assertThat(a.config("db")).isEmpty();
                // a link may name config another host put
                b.putConfig("src", Map.of("k", "v"));
                a.putLink(new Link("x", "y", "default", "example", "relay", List.of("hop"), List.of("src"), List.of()));
                assertThat(seenByB).extracting(LatticeEvent::name).contains("config_set", "config_deleted",
                        "linkdef_set");
            }
            int seen = seenByB.size();
            a.putConfig("later", Map.of());
            assertThat(seenByB).hasSize(seen);   // b's listener left with b
        }
    }

    /** The in-memory key-value store is the lattice's: a JS counter on two hosts counts in one place. */
    @Test
    void theKeyValueStoreIsSharedByTheHostsOfTheLattice() {
        InProcessLattice lattice = InProcessLattice.create("kv");
        try (Host a = host(lattice); Host b = host(lattice)) {
            String counter = "classpath:org/wasmcloud4j/fixtures/js-counter.qjs.wasm";
            a.startComponent("counter", counter, 1);
            b.startComponent("counter", counter, 1);
            List<Value> visit = List.of(new Value.Str("visits"));
            String iface = "example:counter/counter@0.1.0";
            assertThat(a.invoke("counter", iface, "count", visit).orElseThrow()).isEqualTo(u64(1));
            assertThat(b.invoke("counter", iface, "count", visit).orElseThrow()).isEqualTo(u64(2));
            assertThat(a.keyValue("counts", "visits")).map(String::new).contains("2");
        }
        try (Host alone = Host.builder().engineMode(Engine.Mode.INTERPRETER).build()) {
            assertThat(alone.keyValue("counts", "visits")).isEmpty();   // another lattice, another store
        }
    }

    @Test
    void messagesReachSubscribersOnOtherHosts() {
        InProcessLattice lattice = InProcessLattice.create("msg");
        try (Host a = host(lattice); Host b = host(lattice)) {
            b.startComponent("echo", ECHO, 4);
            b.subscribe("echo", "echo.*");
            byte[] reply = a.request("echo.hi", "hello".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
            assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void callsToAnIdServedByTwoHostsAreSpreadOverThem() throws Exception {
        InProcessLattice lattice = InProcessLattice.create("rr");
        List<String> served = new CopyOnWriteArrayList<>();
        try (AutoCloseable one = lattice.serve("t", (i, f, args) -> {
                    served.add("one");
                    return java.util.Optional.empty();
                });
                AutoCloseable two = lattice.serve("t", (i, f, args) -> {
                    served.add("two");
                    return java.util.Optional.empty();
                })) {
            for (int i = 0; i < 4; i++) {
                lattice.call("t", "a:b/c", "f", List.of());
            }
            assertThat(served).containsOnly("one", "two").filteredOn("one"::equals).hasSize(2);
        }
        assertThatThrownBy(() -> lattice.call("t", "a:b/c", "f", List.of())).isInstanceOf(HostException.class)
                .hasMessageContaining("'t'");
        assertThatThrownBy(() -> InProcessLattice.create("a.b")).isInstanceOf(IllegalArgumentException.class);
    }
}
