package org.wasmcloud4j.component.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.PrimitiveType;

class ByteListTest {
    @Test
    void behavesLikeAListOfU8Values() {
        byte[] source = {1, (byte) 200, 3};
        Value.ListValue bytes = Value.ListValue.ofBytes(source);
        source[0] = 9; // copied: the list does not change
        Value.ListValue plain = new Value.ListValue(List.of(new Value.Int(PrimitiveType.U8, 1),
                new Value.Int(PrimitiveType.U8, 200), new Value.Int(PrimitiveType.U8, 3)));
        assertThat(bytes).isEqualTo(plain);
        assertThat(plain).isEqualTo(bytes);
        assertThat(bytes.hashCode()).isEqualTo(plain.hashCode());
        assertThat(bytes.toByteArray()).containsExactly(1, (byte) 200, 3);
        assertThat(plain.toByteArray()).containsExactly(1, (byte) 200, 3);
        Values.check(bytes, new ListType(PrimitiveType.U8));
        assertThat(Wave.print(bytes)).isEqualTo("[1, 200, 3]");
        assertThatThrownBy(() -> bytes.elements().set(0, new Value.Int(PrimitiveType.U8, 0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
