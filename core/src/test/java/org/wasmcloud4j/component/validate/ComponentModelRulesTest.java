package org.wasmcloud4j.component.validate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.fixtures.Fixtures;

/** Validation rules of type substitution and outer aliases, each on a component that breaks only that rule. */
class ComponentModelRulesTest {
    private static final byte[] PREAMBLE = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

    private static void of(byte[] bytes) {
        ComponentTypes.of(ComponentDecoder.decode(bytes));
    }

    @Test
    void anAbstractResourceImportNeedsAResourceArgument() {
        assertThatThrownBy(() -> of(Fixtures.bytes("invalid/resource-arg-not-a-resource")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("instantiation argument 'r' does not match the import")
                .hasMessageContaining("expected a resource");
    }

    @Test
    void outerAliasesMustNotCarryResourcesIntoNestedComponents() {
        assertThatThrownBy(() -> of(Fixtures.bytes("invalid/outer-alias-resource")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("refers to resources not defined in the current component");
    }

    @Test
    void outerAliasesNameOnlyTypesModulesAndComponents() {
        // (alias outer 0 0 (func)): the text format cannot even say it, so the bytes are written out
        byte[] bytes = concat(PREAMBLE, new byte[] {0x06, 0x05, 0x01, 0x01, 0x02, 0x00, 0x00});
        assertThatThrownBy(() -> of(bytes)).isInstanceOf(org.wasmcloud4j.component.binary.DecodeException.class)
                .hasMessageContaining("outer alias of sort FUNC is not allowed");
    }

    @Test
    void outerAliasCountsBeyondTheEnclosingComponentsAreRejected() {
        // (alias outer 1 0 (type)) at the top level
        byte[] bytes = concat(PREAMBLE, new byte[] {0x06, 0x05, 0x01, 0x03, 0x02, 0x01, 0x00});
        assertThatThrownBy(() -> of(bytes)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("invalid outer alias count of 1")
                .hasMessageContaining("at the top level of a component only count 0 is allowed");
        // (alias outer 0 0 (type)) at the top level with no type 0: an index error, not a count error
        byte[] none = concat(PREAMBLE, new byte[] {0x06, 0x05, 0x01, 0x03, 0x02, 0x00, 0x00});
        assertThatThrownBy(() -> of(none)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("unknown outer type 0");
    }

    @Test
    void eachNestedDefinitionIsWalkedOnceHoweverOftenItIsInstantiated() {
        // 30 levels, each instantiating its child definition twice: 2^30 walks if instantiations re-walk it
        int depth = 30;
        byte[] c = PREAMBLE;
        for (int i = 0; i < depth; i++) {
            c = level(c);
        }
        ComponentTypes.Analysis a = ComponentTypes.analyze(ComponentDecoder.decode(c));
        org.assertj.core.api.Assertions.assertThat(a.walks()).isEqualTo(depth + 1);
    }

    @Test
    void theComposedQuickJsComponentWalksEachDefinitionOnce() {
        org.wasmcloud4j.component.binary.DecodedComponent d = ComponentDecoder.decode(Fixtures.bytes("js-greeter.qjs"));
        org.assertj.core.api.Assertions.assertThat(ComponentTypes.analyze(d).walks()).isEqualTo(definitions(d));
    }

    private static int definitions(org.wasmcloud4j.component.binary.DecodedComponent d) {
        int n = 1;
        for (org.wasmcloud4j.component.binary.Section.Component c
                : d.sections(org.wasmcloud4j.component.binary.Section.Component.class)) {
            n += definitions(c.component());
        }
        return n;
    }

    @Test
    void nestingDeeperThanTheLimitIsRejectedNamingTheDepth() {
        byte[] c = PREAMBLE;
        for (int i = 0; i < ComponentTypes.MAX_DEPTH + 1; i++) {
            c = level(c);
        }
        byte[] deep = c;
        assertThatThrownBy(() -> of(deep)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("components nested deeper than " + ComponentTypes.MAX_DEPTH);
    }

    /** A component defining {@code child} and instantiating it twice with no arguments. */
    private static byte[] level(byte[] child) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(PREAMBLE);
        out.write(0x04);
        long n = child.length;
        do {
            int b = (int) (n & 0x7f);
            n >>>= 7;
            out.write(n == 0 ? b : b | 0x80);
        } while (n != 0);
        out.writeBytes(child);
        // instance section: two (instantiate component 0) with no arguments
        out.writeBytes(new byte[] {0x05, 0x07, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
