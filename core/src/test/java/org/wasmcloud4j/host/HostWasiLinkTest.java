package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.lattice.InProcessLattice;
import org.wasmcloud4j.host.lattice.Link;

/**
 * A link may carry a {@code wasi:*} interface to a component, as wasmCloud links do: while a component has a link
 * for {@code wasi:keyvalue} store and atomics to {@code wat-kv-store}, which exports them, its calls reach that
 * component (its bucket resource crossing the link) instead of the host's built-in store; without the link, the
 * built-in answers. The caller is {@code wat-kv-counter} in both engine modes, and {@code js-counter} (a real
 * JavaScript component) in the interpreter (compiling QuickJS to bytecode takes most of a minute).
 */
class HostWasiLinkTest {
    private static final String COUNTER = "classpath:org/wasmcloud4j/fixtures/js-counter.qjs.wasm";
    private static final String WAT_COUNTER = "classpath:org/wasmcloud4j/fixtures/wat-kv-counter.component.wasm";
    private static final String KV = "classpath:org/wasmcloud4j/fixtures/wat-kv-store.component.wasm";

    private static long count(Host h, String name) {
        List<Value> args = List.of(new Value.Str(name));
        boolean js = h.components().stream().anyMatch(c -> c.id().equals("counter") && c.imageRef().equals(COUNTER));
        return ((Value.Int) (js ? h.invoke("counter", "example:counter/counter@0.1.0", "count", args)
                : h.invoke("counter", null, "count", args)).orElseThrow()).value();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void aKeyValueLinkToAComponentBeatsTheBuiltInWhileItExists(Engine.Mode mode) {
        linkBeatsBuiltIn(mode, WAT_COUNTER);
    }

    @org.junit.jupiter.api.Test
    void aJavaScriptComponentsKeyValueCallsFollowTheLinkToo() {
        linkBeatsBuiltIn(Engine.Mode.INTERPRETER, COUNTER);
    }

    /** The transcript of {@code wat-kv-counter.component.expected-responses.txt} (js-counter answers the same). */
    private static void linkBeatsBuiltIn(Engine.Mode mode, String counter) {
        try (Host h = Host.builder().engineMode(mode).build()) {
            h.startComponent("kv", KV, 1);
            h.startComponent("counter", counter, 1);
            StringBuilder t = new StringBuilder();
            Runnable visit = () -> t.append("count(\"visits\") -> ").append(count(h, "visits")).append('\n');
            visit.run();   // built-in
            visit.run();
            h.putLink(Link.of("counter", "kv", "wasi:keyvalue", "store", "atomics"));
            t.append("linked to wat-kv-store:\n");
            int linked = t.length();
            visit.run();   // the linked component's store: each invocation a fresh instance of it
            visit.run();
            String linkedPart = t.substring(linked);
            assertThat(new String(h.keyValue("counts", "visits").orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("2");   // the built-in store was not touched
            h.deleteLink("counter", "default", "wasi", "keyvalue");
            t.append("unlinked:\n");
            visit.run();   // built-in again
            assertThat(t.toString())
                    .isEqualTo(Fixtures.text("wat-kv-counter.component.expected-responses.txt").orElseThrow());
            assertThat(linkedPart)
                    .isEqualTo(Fixtures.text("wat-kv-store.component.expected-responses.txt").orElseThrow());
        }
    }

    /**
     * Only resources a linked component returned cross a link: with atomics linked but store not, the bucket comes
     * from the built-in, and passing it to the linked component is refused, naming it (the built-in store is not
     * touched, and the caller's next invocation is fine).
     */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void aBuiltInHandleDoesNotCrossALink(Engine.Mode mode) {
        try (Host h = Host.builder().engineMode(mode).build()) {
            h.startComponent("kv", KV, 1);
            h.startComponent("counter", WAT_COUNTER, 1);
            h.putLink(Link.of("counter", "kv", "wasi:keyvalue", "atomics"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> count(h, "x"))
                    .hasRootCauseInstanceOf(HostException.class)
                    .hasMessageContaining("passed a bucket handle to kv that did not come from there");
            assertThat(h.keyValue("counts", "x")).isEmpty();
            h.deleteLink("counter", "default", "wasi", "keyvalue");
            assertThat(count(h, "x")).isEqualTo(1);
        }
    }

    /** Across two hosts of a lattice: the link's target runs on the other host. */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void theLinkedStoreMayRunOnAnotherHost(Engine.Mode mode) {
        InProcessLattice lattice = InProcessLattice.create("kv");
        try (Host a = Host.builder().lattice(lattice).engineMode(mode).build();
                Host b = Host.builder().lattice(lattice).engineMode(mode).build()) {
            b.startComponent("kv", KV, 1);
            a.startComponent("counter", WAT_COUNTER, 1);
            a.putLink(Link.of("counter", "kv", "wasi:keyvalue", "store", "atomics"));
            assertThat(count(a, "x")).isEqualTo(1001);
            assertThat(count(a, "x")).isEqualTo(1001);
        }
    }
}
