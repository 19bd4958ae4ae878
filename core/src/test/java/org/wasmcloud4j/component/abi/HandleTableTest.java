package org.wasmcloud4j.component.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Trap;

class HandleTableTest {
    private final List<Integer> destroyed = new ArrayList<>();
    private final Object guest = new Object();
    private final ResourceRuntimeType counter = new ResourceRuntimeType("counter", guest, destroyed::add);
    private final ResourceRuntimeType other = new ResourceRuntimeType("counter", new Object(), null);

    @Test
    void ownHandlesMoveAndDestroy() {
        HandleTable t = new HandleTable();
        int h = t.newOwn(counter, 42);
        assertThat(h).isPositive();
        assertThat(t.rep(h, counter)).isEqualTo(42);
        assertThatThrownBy(() -> t.rep(h, other)).isInstanceOf(Trap.class).hasMessageContaining("expected a resource counter");
        t.drop(h, counter);
        assertThat(destroyed).containsExactly(42);
        assertThatThrownBy(() -> t.drop(h, counter)).isInstanceOf(Trap.class).hasMessageContaining("unknown handle");
        assertThatThrownBy(() -> t.rep(0, counter)).hasMessageContaining("unknown handle index 0");
        int moved = t.lowerOwn(counter, 7);
        assertThat(moved).isEqualTo(h);
        assertThat(t.liftOwn(moved, counter)).isEqualTo(7);
        assertThat(t.size()).isZero();
        assertThat(destroyed).containsExactly(42);
    }

    @Test
    void lentHandlesCannotBeMovedOrDroppedUntilTheCallEnds() {
        HandleTable t = new HandleTable();
        int h = t.newOwn(counter, 1);
        CallScope call = new CallScope();
        assertThat(t.liftBorrow(h, counter, call)).isEqualTo(1);
        assertThatThrownBy(() -> t.liftOwn(h, counter)).hasMessageContaining("lent to 1 call");
        assertThatThrownBy(() -> t.drop(h, counter)).hasMessageContaining("lent to 1 call");
        call.exit();
        t.drop(h, counter);
        assertThat(destroyed).containsExactly(1);
    }

    @Test
    void borrowHandlesMustBeDroppedBeforeTheCalleeReturns() {
        HandleTable callee = new HandleTable();
        CallScope call = new CallScope();
        int b = callee.lowerBorrow(other, 5, call, guest);
        assertThat(call.outstandingBorrows()).isEqualTo(1);
        assertThatThrownBy(() -> callee.liftOwn(b, other)).hasMessageContaining("is a borrow");
        assertThatThrownBy(call::exit).isInstanceOf(Trap.class).hasMessageContaining("1 borrowed handle");
        CallScope call2 = new CallScope();
        int b2 = callee.lowerBorrow(other, 6, call2, guest);
        callee.drop(b2, other);
        call2.exit();
        assertThat(callee.lowerBorrow(counter, 9, new CallScope(), guest)).as("own resource passes rep").isEqualTo(9);
    }
}
