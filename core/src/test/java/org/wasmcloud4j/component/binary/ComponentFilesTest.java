package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Decodes components assembled by real tools (see src/test/resources/binary/README.md). */
class ComponentFilesTest {

    static byte[] resource(String name) {
        try (InputStream in = ComponentFilesTest.class.getResourceAsStream("/binary/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void greeter() {
        DecodedComponent c = ComponentDecoder.decode(resource("greeter.wasm"));
        assertThat(c.usesAsync()).isFalse();
        assertThat(c.imports()).extracting(ImportDef::name).containsExactly("wasi:logging/logging@0.1.0-draft");
        assertThat(c.imports().get(0).type()).isEqualTo(new ExternType.Instance(0));
        assertThat(c.exports()).extracting(ExportDef::name).containsExactly("greet", "color", "greet-again", "inner");
        assertThat(c.exports().get(2).ascribedType()).isPresent();

        List<TypeDef> valueTypes = c.sections(Section.Types.class).get(1).types();
        assertThat(valueTypes).extracting(t -> t.getClass().getSimpleName()).containsExactly("EnumType", "FlagsType",
                "RecordType", "VariantType", "ListType", "TupleType", "OptionType", "ResultType", "ResultType",
                "TupleType");
        assertThat(((TypeDef.TupleType) valueTypes.get(9)).types()).hasSize(13);

        CoreModuleSummary m = c.coreModules().get(0).summary();
        assertThat(m.imports()).extracting(CoreModuleSummary.Import::module).containsExactly("host");
        assertThat(m.export("greet").orElseThrow().funcType().orElseThrow().params()).hasSize(2);
        assertThat(m.export("memory").orElseThrow().kind()).isEqualTo(CoreSort.MEMORY);
        assertThat(m.codeBodyCount()).isEqualTo(3);

        TypeDef.ResourceType thing = (TypeDef.ResourceType) c.sections(Section.Types.class).get(2).types().get(0);
        assertThat(thing.rep()).isEqualTo(CoreValType.Num.I32);
        assertThat(thing.destructor()).isEqualTo(OptionalInt.of(2));

        Canon.Lift lift = (Canon.Lift) c.sections(Section.Canons.class).get(2).canons().get(0);
        assertThat(lift.options().memory()).hasValue(0);
        assertThat(lift.options().realloc()).hasValue(1);
        assertThat(lift.options().stringEncoding()).isEqualTo(Canon.StringEncoding.UTF8);

        DecodedComponent inner = c.sections(Section.Component.class).get(0).component();
        assertThat(inner.exports()).extracting(ExportDef::name).containsExactly("g");

        ComponentNames names = c.names().orElseThrow();
        assertThat(names.componentName()).contains("greeter");
        assertThat(names.nameOf(Sort.TYPE, 11)).contains("thing");
        assertThat(names.nameOf(Sort.CORE_MODULE, 0)).contains("m");
    }

    @Test
    void asyncConstructsAreMarked() {
        DecodedComponent c = ComponentDecoder.decode(resource("async.wasm"));
        assertThat(c.usesAsync()).isTrue();
        assertThat(c.asyncUses()).extracting(DecodedComponent.AsyncUse::construct).contains("stream type",
                "future type", "error-context type", "async function type", "async canon lift",
                "canon task.return", "canon stream.new", "canon stream.read", "canon waitable-set.new",
                "canon context.get", "canon backpressure.inc", "canon future.drop-readable");
        Canon.Lift lift = (Canon.Lift) c.sections(Section.Canons.class).get(0).canons().get(0);
        assertThat(lift.options().async()).isTrue();
        assertThat(lift.options().callback()).hasValue(1);
    }

    @Test
    void everyPrefixOfTheGreeterFailsCleanly() {
        byte[] b = resource("greeter.wasm");
        for (int len = 0; len < b.length; len++) {
            DecoderProperties.decodeCleanly(java.util.Arrays.copyOf(b, len));
        }
    }
}
