package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.lattice.LatticeEvent;
import org.wasmcloud4j.host.lattice.Link;

/** Links between components (and to Java providers) in one host, on the wat-relay and wat-leaf components. */
class HostLinkTest {
    private static final String HOP = "example:relay/hop@0.1.0";
    private static final String RELAY = "classpath:org/wasmcloud4j/fixtures/wat-relay.component.wasm";
    private static final String LEAF = "classpath:org/wasmcloud4j/fixtures/wat-leaf.component.wasm";
    private final List<LatticeEvent> events = new CopyOnWriteArrayList<>();

    private static String hop(Host h, String id, String s) {
        return ((Value.Str) h.invoke(id, HOP, "hop", List.of(new Value.Str(s))).orElseThrow()).value();
    }

    @Test
    void callsFollowLinksAcrossThreeComponentsAndToJavaProviders() {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).listener(events::add).build()) {
            h.startComponent("leaf", LEAF, 2);
            h.startComponent("r2", RELAY, 2);
            h.startComponent("r1", RELAY, 2);
            assertThat(("hop(\"x\") -> \"" + hop(h, "leaf", "x") + "\"\n"))
                    .isEqualTo(Fixtures.text("wat-leaf.component.expected-responses.txt").orElseThrow());

            h.putLink(Link.of("r1", "r2", "example:relay", "hop"));
            h.putLink(Link.of("r2", "leaf", "example:relay", "hop"));
            assertThat("relay -> relay -> leaf: hop(\"x\") -> \"" + hop(h, "r1", "x") + "\"\n")
                    .isEqualTo(Fixtures.text("wat-relay.component.expected-responses.txt").orElseThrow());

            // another target for the same interface under the same name is a conflict: the old link stays
            h.putProvider("java-leaf", "example:relay/hop", Map.of("hop",
                    args -> new Value.Str("java(" + ((Value.Str) args.get(0)).value() + ")")));
            assertThatThrownBy(() -> h.putLink(Link.of("r2", "java-leaf", "example:relay", "hop")))
                    .isInstanceOf(HostException.class).hasMessageContaining("already linked from r2 to leaf");
            assertThat(hop(h, "r1", "y")).isEqualTo("r:r:leaf(y)");
            // relinked after deleting: the same import now reaches Java code
            h.deleteLink("r2", "default", "example", "relay");
            h.putLink(Link.of("r2", "java-leaf", "example:relay", "hop"));
            assertThat(hop(h, "r1", "y")).isEqualTo("r:r:java(y)");
            assertThat(h.links()).hasSize(2);

            // no link: the call fails with the missing link named, and the next call works again once linked
            h.deleteLink("r1", "default", "example", "relay");
            assertThatThrownBy(() -> hop(h, "r1", "z")).hasMessageContaining("no link named 'default'")
                    .hasMessageContaining("example:relay/hop");
            h.putLink(Link.of("r1", "ghost", "example:relay", "hop"));
            assertThatThrownBy(() -> hop(h, "r1", "z")).hasMessageContaining("no component or provider with id 'ghost' runs in lattice default");
            h.deleteLink("r1", "default", "example", "relay");
            h.putLink(Link.of("r1", "leaf", "example:relay", "hop"));
            assertThat(hop(h, "r1", "z")).isEqualTo("r:leaf(z)");
        }
        LatticeEvent set = events.stream().filter(e -> e.name().equals("linkdef_set")).findFirst().orElseThrow();
        assertThat(set.field("source_id").asText()).isEqualTo("r1");
        assertThat(set.field("target").asText()).isEqualTo("r2");
        assertThat(set.field("name").asText()).isEqualTo("default");
        assertThat(set.field("wit_namespace").asText()).isEqualTo("example");
        assertThat(set.field("wit_package").asText()).isEqualTo("relay");
        assertThat(set.field("interfaces").get(0).asText()).isEqualTo("hop");
        assertThat(set.field("source_config").isArray()).isTrue();
        LatticeEvent failed = events.stream().filter(e -> e.name().equals("linkdef_set_failed")).findFirst()
                .orElseThrow();
        assertThat(failed.field("target").asText()).isEqualTo("java-leaf");
        assertThat(failed.field("error").asText()).contains("already linked");
        LatticeEvent deleted = events.stream().filter(e -> e.name().equals("linkdef_deleted")).findFirst()
                .orElseThrow();
        assertThat(deleted.field("target").asText()).isEqualTo("leaf");
        assertThat(deleted.field("interfaces").get(0).asText()).isEqualTo("hop");
    }

    /** A component picks the link name through wasmcloud:bus/lattice set-link-name, per invocation. */
    @Test
    void setLinkNameChoosesTheLinkForTheInvocation() {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).build()) {
            h.startComponent("leaf", LEAF, 1);
            h.startComponent("named", "classpath:org/wasmcloud4j/fixtures/wat-relay-named.component.wasm", 1);
            h.putProvider("java-leaf", "example:relay/hop", Map.of("hop",
                    args -> new Value.Str("java(" + ((Value.Str) args.get(0)).value() + ")")));
            // the default link would reach Java code; the component asks for "alt", which reaches the leaf
            h.putLink(Link.of("named", "java-leaf", "example:relay", "hop"));
            h.putLink(Link.of("named", "leaf", "example:relay", "hop").withName("alt"));
            assertThat("relay-named (\"alt\" link) -> leaf: hop(\"x\") -> \"" + hop(h, "named", "x") + "\"\n")
                    .isEqualTo(Fixtures.text("wat-relay-named.component.expected-responses.txt").orElseThrow());
            h.deleteLink("named", "alt", "example", "relay");
            assertThatThrownBy(() -> hop(h, "named", "x")).hasMessageContaining("no link named 'alt'");
        }
    }

    @Test
    void interfacesOfOnePackageMayGoToDifferentTargetsAndConfigMustExist() {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).build()) {
            h.putLink(Link.of("app", "redis", "wasi:keyvalue", "store"));
            h.putLink(Link.of("app", "counter", "wasi:keyvalue", "atomics"));
            assertThat(h.links()).hasSize(2);
            // the same target again replaces its link
            h.putLink(Link.of("app", "redis", "wasi:keyvalue", "store", "batch"));
            assertThat(h.links()).hasSize(2).anySatisfy(l -> assertThat(l.interfaces()).contains("batch"));
            Link withConfig = new Link("app", "redis", "default", "wasi", "blobstore", List.of("blobstore"),
                    List.of("missing-config"), List.of());
            assertThatThrownBy(() -> h.putLink(withConfig)).isInstanceOf(HostException.class)
                    .hasMessageContaining("named configuration 'missing-config' does not exist");
            h.putConfig("missing-config", Map.of("k", "v"));
            h.putLink(withConfig);
            h.deleteLink("app", "default", "wasi", "keyvalue");
            assertThat(h.links()).extracting(Link::witPackage).containsExactly("blobstore");
        }
    }

    @Test
    void linksAreValidated() {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).build()) {
            assertThatThrownBy(() -> h.putLink(Link.of("a.b", "c", "example:relay", "hop")))
                    .isInstanceOf(HostException.class).hasMessageContaining("a.b");
            assertThatThrownBy(() -> Link.of("a", "c", "norelay", "hop")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Link.of("a", "c", "example:relay")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * An import with resource types starts like any other (its resources cross links, see HostLinkedResourcesTest);
     * a call without a link fails naming it.
     */
    @Test
    void anImportedInterfaceWithResourcesStartsAndNeedsItsLink() {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).listener(events::add).build()) {
            h.startComponent("res", "classpath:org/wasmcloud4j/fixtures/wat-resources.component.wasm", 1);
            assertThatThrownBy(() -> h.invoke("res", "roundtrip", new Value.Int(
                    org.wasmcloud4j.component.types.PrimitiveType.U32, 3)))
                    .hasRootCauseInstanceOf(HostException.class)
                    .hasMessageContaining("no link named 'default' for example:resources/host");
            assertThat(h.components()).hasSize(1);
        }
    }
}
