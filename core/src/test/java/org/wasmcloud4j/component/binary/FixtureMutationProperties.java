package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * Mutated real components (from the committed fixtures) either decode and type-check or fail with a
 * {@link DecodeException} (including its subclass {@code ValidationException}): never
 * another exception, a StackOverflowError, an OutOfMemoryError or a hang.
 */
class FixtureMutationProperties {
    private static final List<String> NAMES = List.of("wat-hello.component", "wat-fixture.component",
            "c-clib.reactor", "c-hello.command.wasi-0.2.3");

    @Property(tries = 600)
    void mutatedFixturesFailCleanly(@ForAll("fixture") String name, @ForAll @IntRange(min = 1, max = 8) int edits,
            @ForAll long seed) {
        byte[] bytes = Fixtures.bytes(name);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < edits; i++) {
            int at = 8 + r.nextInt(bytes.length - 8);
            switch (r.nextInt(4)) {
                case 0: bytes[at] = (byte) r.nextInt(256); break;
                case 1: bytes[at] = (byte) 0xff; break;
                case 2: bytes = java.util.Arrays.copyOf(bytes, at); break;
                default: bytes[at] ^= (byte) (1 << r.nextInt(8));
            }
            if (bytes.length <= 8) {
                break;
            }
        }
        try {
            DecodedComponent c = ComponentDecoder.decode(bytes);
            assertThat(org.wasmcloud4j.component.validate.ComponentTypes.of(c)).isNotNull();
        } catch (DecodeException expected) {
            assertThat(expected.getMessage()).contains("byte offset");
        }
    }

    @Provide
    Arbitrary<String> fixture() {
        return Arbitraries.of(NAMES);
    }
}
