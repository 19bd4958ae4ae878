package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wasmcloud4j.fixtures.Fixtures;

/** Every committed real-world component decodes; structural facts known from the build tools hold. */
class FixtureDecodeTest {
    @Test
    void everyCommittedComponentDecodes() {
        for (String name : Fixtures.names()) {
            if (name.equals("invalid/two-string-encodings")) {
                continue; // a conflicting canon option is already a decode error; see InvalidFixtureTest
            }
            DecodedComponent c = ComponentDecoder.decode(Fixtures.bytes(name));
            assertThat(c.sections()).as(name).isNotEmpty();
            assertThat(c.usesAsync()).as(name).isFalse();
        }
    }

    @Test
    void knownShapes() {
        DecodedComponent hello = ComponentDecoder.decode(Fixtures.bytes("wat-hello.component"));
        assertThat(hello.coreModules()).hasSize(1);
        assertThat(hello.exports()).extracting(e -> e.name()).containsExactly("greet");

        DecodedComponent command = ComponentDecoder.decode(Fixtures.bytes("c-hello.command"));
        assertThat(command.imports()).extracting(i -> i.name()).contains("wasi:cli/environment@0.2.12");
        assertThat(command.exports()).extracting(e -> e.name()).contains("wasi:cli/run@0.2.12");
        DecodedComponent old = ComponentDecoder.decode(Fixtures.bytes("c-hello.command.wasi-0.2.0"));
        assertThat(old.imports()).extracting(i -> i.name()).contains("wasi:cli/environment@0.2.0");

        DecodedComponent js = ComponentDecoder.decode(Fixtures.bytes("js-greeter.qjs"));
        assertThat(js.sections(Section.Component.class)).isNotEmpty();
    }

    @Test
    void conflictingCanonOptionsAreRejectedWithAnOffset() {
        try {
            ComponentDecoder.decode(Fixtures.bytes("invalid/two-string-encodings"));
            throw new AssertionError("expected a DecodeException");
        } catch (DecodeException e) {
            assertThat(e.getMessage()).contains("string-encoding");
            assertThat(e.offset()).isPositive();
        }
    }
}
