package org.wasmcloud4j.component.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.ResourceType;
import org.wasmcloud4j.component.types.TypeOwner;
import org.wasmcloud4j.component.value.Value;

/** Handles crossing the boundary are checked against the run-time resource type their static type stands for. */
class HandleTypeCheckTest {
    private final ResourceRuntimeType counter = new ResourceRuntimeType("counter", "guest", null);
    private final ResourceRuntimeType blob = new ResourceRuntimeType("blob", "host", null);
    private final HandleType ownCounter = HandleType.own(new ResourceType(new TypeOwner.Local("test"), "counter"));
    private final HandleType borrowCounter = HandleType.borrow(ownCounter.resource());
    private final HandleTable table = new HandleTable();

    private GuestMemory cx(Map<HandleType, ResourceRuntimeType> expected) {
        return new GuestMemory(new ByteArrayMemory(new MemoryLimits(1)), null, StringEncoding.UTF8, table,
                new CallScope(), "self", expected);
    }

    private static FuncType returning(HandleType h) {
        return new FuncType(List.of(), Optional.of(h));
    }

    @Test
    void anOwnedHandleOfAnotherResourceTypeTrapsAndStaysInTheTable() {
        int index = table.newOwn(blob, 7);
        GuestMemory cx = cx(Map.of(ownCounter, counter));
        assertThatThrownBy(() -> ValueCodec.liftResult(cx, returning(ownCounter), new long[] {index}))
                .isInstanceOf(Trap.class).hasMessageContaining("resource blob").hasMessageContaining("counter");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void aBorrowOfAnotherResourceTypeTraps() {
        int index = table.newOwn(blob, 7);
        GuestMemory cx = cx(Map.of(borrowCounter, counter));
        assertThatThrownBy(() -> ValueCodec.liftResult(cx, returning(borrowCounter), new long[] {index}))
                .isInstanceOf(Trap.class).hasMessageContaining("expected a resource counter");
    }

    @Test
    void aHandleOfTheExpectedTypeLifts() {
        int index = table.newOwn(counter, 9);
        Value v = ValueCodec.liftResult(cx(Map.of(ownCounter, counter)), returning(ownCounter), new long[] {index})
                .orElseThrow();
        assertThat(((Value.Handle) v).resource().type()).isSameAs(counter);
        assertThat(table.size()).isZero();
    }

    @Test
    void loweringAHandleOfAnotherResourceTypeTraps() {
        Value.Handle wrong = new Value.Handle(new ResourceHandle(blob, 3, false));
        GuestMemory cx = cx(Map.of(ownCounter, counter));
        FuncType takes = new FuncType(List.of(new FuncType.Param("c", ownCounter)), Optional.empty());
        assertThatThrownBy(() -> ValueCodec.lowerParams(cx, takes, List.of(wrong)))
                .isInstanceOf(Trap.class).hasMessageContaining("a handle to resource blob");
        assertThat(table.size()).isZero();
    }

    @Test
    void untrackedHandleTypesAreNotCheckedHere() {
        int index = table.newOwn(blob, 7);
        Value v = ValueCodec.liftResult(cx(Map.of()), returning(ownCounter), new long[] {index}).orElseThrow();
        assertThat(((Value.Handle) v).resource().type()).isSameAs(blob);
    }
}
