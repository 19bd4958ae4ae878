package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * {@link BridgingTable}: the functions a component's fixup module stores in its shim table stay callable through
 * {@code call_indirect}, and the bridge modules that takes are made once per component, not once per instantiation.
 */
class BridgingTableTest {
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void bridgeModulesAreMadeOnceAndSharedByEveryInstantiation(Engine.Mode mode) {
        Component c = Component.fromBytes(Engine.builder().mode(mode).noCompileCache().build(),
                Fixtures.bytes("js-greeter.qjs"));
        List<String> logged = new ArrayList<>();
        InstancePre pre = GoldenCalls.quickJsGreeter(c, logged);
        int kept;
        try (Instance first = pre.instantiate()) {
            kept = c.bridgeModules().size();
            // the QuickJS component's WASI imports are stored in its shim table by a fixup module: they need bridges
            assertThat(kept).isPositive();
            assertThat(first.func("greet-logged").orElseThrow().callJava("A")).isEqualTo("Hello, A!");
        }
        for (int i = 0; i < 3; i++) {
            try (Instance again = pre.instantiate()) {
                assertThat(again.func("greet-logged").orElseThrow().callJava("B" + i)).isEqualTo("Hello, B" + i + "!");
            }
        }
        assertThat(c.bridgeModules().size()).isEqualTo(kept);
        assertThat(logged).hasSize(4);
    }

    /** After a tiered switch the interpreter's modules must be collectable: the cache holds its callers weakly. */
    @Test
    void theCacheDoesNotKeepCallingModulesAlive() throws InterruptedException {
        BridgingTable.Modules modules = new BridgingTable.Modules();
        WasmModule caller = Parser.parse(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        WeakReference<WasmModule> ref = new WeakReference<>(caller);
        WasmModule bridge = Parser.parse(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        assertThat(modules.get(List.of(caller), FunctionType.empty(), () -> bridge)).isSameAs(bridge);
        assertThat(modules.get(List.of(caller), FunctionType.empty(), () -> null)).isSameAs(bridge);   // kept
        caller = null;
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(ref.get()).isNull();
    }
}
