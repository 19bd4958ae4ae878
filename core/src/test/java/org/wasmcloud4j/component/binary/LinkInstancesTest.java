package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.LinkException;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/** An instance of one component satisfies another component's import, with semver matching. */
class LinkInstancesTest {
    /**
     * A component importing {@code <iface> { negate: func(b: bool) -> bool }} that exports
     * {@code call-negate: func(b: bool) -> bool}, forwarding through a core module that re-exports the lowered import.
     */
    static byte[] consumer(String iface, PrimitiveType param) {
        ByteWriter core = new ByteWriter().bytes(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
        core.section(1, ByteWriter.of(0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f));
        core.section(2, new ByteWriter().u32(1).name("api").name("negate").bytes(0x00, 0x00).toByteArray());
        core.section(7, new ByteWriter().u32(1).name("negate").bytes(0x00, 0x00).toByteArray());
        ComponentBuilder b = new ComponentBuilder();
        b.types(List.of(new TypeDef.InstanceType(0, List.of(
                new TypeDef.FuncType(0, false, List.of(new TypeDef.Field("b", param)), Optional.of(PrimitiveType.BOOL)),
                new Decl.Export(0, "negate", Decl.NameAttributes.NONE, new ExternType.Func(0))))));
        b.imports(List.of(new ImportDef(0, iface, Decl.NameAttributes.NONE, new ExternType.Instance(0))));
        b.aliases(List.of(new Alias.InstanceExport(0, Sort.FUNC, 0, "negate")));
        b.canons(List.of(new Canon.Lower(0, 0, Canon.Options.DEFAULT)));
        b.coreModule(core.toByteArray());
        b.coreInstances(List.of(
                new CoreInstanceDef.FromExports(0, List.of(new CoreInstanceDef.Export("negate", CoreSort.FUNC, 0))),
                new CoreInstanceDef.Instantiate(0, 0, List.of(new CoreInstanceDef.Arg("api", 0)))));
        b.aliases(List.of(new Alias.CoreInstanceExport(0, CoreSort.FUNC, 1, "negate")));
        b.types(List.of(new TypeDef.FuncType(0, false, List.of(new TypeDef.Field("b", PrimitiveType.BOOL)),
                Optional.of(PrimitiveType.BOOL))));
        b.canons(List.of(new Canon.Lift(0, 1, Canon.Options.DEFAULT, 1)));
        b.exports(List.of(new ExportDef(0, "call-negate", Decl.NameAttributes.NONE, new SortIndex(Sort.FUNC, 1),
                Optional.empty())));
        return b.build();
    }

    @Test
    void anExportedInterfaceOfOneInstanceSatisfiesAnotherComponentsImport() {
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Component provider = Component.fromBytes(engine, Fixtures.bytes("wat-fixture.component"));
        Instance api = new Linker(engine)
                .defineFunction("example:fixtures/host@0.1.0", "log", args -> null)
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", args -> "Hi")
                .instantiatePre(provider).instantiate();
        // the consumer imports the interface the provider exports
        Component consumer = Component.fromBytes(engine, consumer("example:fixtures/api@0.1.0", PrimitiveType.BOOL));
        Instance c = new Linker(engine).defineInstance("example:fixtures/api@0.1.0", api).instantiatePre(consumer)
                .instantiate();
        assertThat(c.func("call-negate").orElseThrow().call(new Value.Bool(true))).contains(new Value.Bool(false));

        // a provider whose function type does not match is refused before instantiation
        Component wrong = Component.fromBytes(engine, consumer("example:fixtures/api@0.1.0", PrimitiveType.U32));
        assertThatThrownBy(() -> new Linker(engine).defineInstance("example:fixtures/api@0.1.0", api)
                .instantiatePre(wrong)).isInstanceOf(LinkException.class).hasMessageContaining("does not match");
    }
}
