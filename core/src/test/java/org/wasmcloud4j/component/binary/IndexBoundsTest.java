package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.validate.ValidationException;

/**
 * Every index a component gives is checked against its index space by the validator, so an out-of-range index is a
 * {@link ValidationException} from {@code Component.fromBytes} and never an {@code IndexOutOfBoundsException} when
 * the component is instantiated. One test per rule; each component differs from a valid one in one index.
 */
class IndexBoundsTest {
    private static final Engine ENGINE = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
    private static final CoreFuncType VOID = SampleComponents.VOID;
    private static final CoreFuncType REALLOC = new CoreFuncType(
            List.of(CoreValType.Num.I32, CoreValType.Num.I32, CoreValType.Num.I32, CoreValType.Num.I32),
            List.of(CoreValType.Num.I32));
    private static final CoreFuncType DTOR = new CoreFuncType(List.of(CoreValType.Num.I32), List.of());

    /** Exports memory "memory", "run" () -> (), "realloc", "dtor" (i32) -> () and a table "t". */
    static byte[] module() {
        CoreModuleBuilder m = new CoreModuleBuilder();
        int v = m.type(VOID);
        int r = m.type(REALLOC);
        int d = m.type(DTOR);
        m.func(v).func(r).func(d);
        m.memory(new CoreExternType.Memory(1, OptionalLong.empty(), false, false, OptionalInt.empty()));
        m.export("run", 0, 0).export("memory", 2, 0).export("realloc", 0, 1).export("dtor", 0, 2);
        // realloc must return something: replace its body by hand below
        byte[] b = m.build();
        return withReallocBody(b);
    }

    /** The builder gives every body {@code end}; realloc's needs {@code i32.const 0 end}. */
    private static byte[] withReallocBody(byte[] module) {
        // last section is code: 3 bodies of (size 2, no locals, end); rewrite it
        int codeAt = module.length - (1 + 1 + 1 + 3 * 3);
        ByteWriter code = new ByteWriter().u32(3).u8(2).u8(0).u8(0x0b).u8(4).u8(0).u8(0x41).u8(0).u8(0x0b)
                .u8(2).u8(0).u8(0x0b);
        return new ByteWriter().raw(java.util.Arrays.copyOf(module, codeAt)).section(10, code.toByteArray())
                .toByteArray();
    }

    static final Canon.Options NO_OPTIONS = Canon.Options.DEFAULT;

    static Canon.Options options(OptionalInt memory, OptionalInt realloc, OptionalInt postReturn) {
        return new Canon.Options(Canon.StringEncoding.UTF8, memory, realloc, postReturn, false, OptionalInt.empty());
    }

    /** Core module 0 instantiated as core instance 0, core funcs 0..2 (run, realloc, dtor), core memory 0. */
    static ComponentBuilder base() {
        return new ComponentBuilder()
                .coreModule(module())
                .coreInstances(List.of(new CoreInstanceDef.Instantiate(0, 0, List.of())))
                .aliases(List.of(
                        new Alias.CoreInstanceExport(0, CoreSort.FUNC, 0, "run"),
                        new Alias.CoreInstanceExport(0, CoreSort.FUNC, 0, "realloc"),
                        new Alias.CoreInstanceExport(0, CoreSort.FUNC, 0, "dtor"),
                        new Alias.CoreInstanceExport(0, CoreSort.MEMORY, 0, "memory")))
                .types(List.of(new TypeDef.FuncType(0, false, List.of(), Optional.empty())));
    }

    /** {@code base} plus a lift of core func 0 with the options, exported as "run". */
    static byte[] lifted(Canon.Options o) {
        return base().canons(List.of(new Canon.Lift(0, 0, o, 0)))
                .exports(List.of(new ExportDef(0, "run", Decl.NameAttributes.NONE, new SortIndex(Sort.FUNC, 0),
                        Optional.empty())))
                .build();
    }

    static void invalid(byte[] component, String messagePart) {
        assertThatThrownBy(() -> Component.fromBytes(ENGINE, component)).isInstanceOf(ValidationException.class)
                .hasMessageContaining(messagePart);
    }

    static void valid(byte[] component) {
        Component c = Component.fromBytes(ENGINE, component);
        new Linker(ENGINE).instantiatePre(c).instantiate().close();
    }

    @Test
    void theBaseComponentsAreValidAndInstantiate() {
        valid(lifted(NO_OPTIONS));
        valid(lifted(options(OptionalInt.of(0), OptionalInt.of(1), OptionalInt.empty())));
    }

    // ------------------------------------------------------------ canonical options

    @Test
    void liftMemoryOptionOutOfRange() {
        invalid(lifted(options(OptionalInt.of(1), OptionalInt.empty(), OptionalInt.empty())),
                "unknown core memory 1");
    }

    @Test
    void lowerMemoryOptionOutOfRange() {
        byte[] c = base().canons(List.of(new Canon.Lift(0, 0, NO_OPTIONS, 0),
                new Canon.Lower(0, 0, options(OptionalInt.of(4), OptionalInt.empty(), OptionalInt.empty()))))
                .build();
        invalid(c, "unknown core memory 4");
    }

    @Test
    void reallocOptionOutOfRange() {
        invalid(lifted(options(OptionalInt.of(0), OptionalInt.of(9), OptionalInt.empty())), "unknown core function 9");
    }

    @Test
    void postReturnOptionOutOfRange() {
        invalid(lifted(options(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(9))),
                "unknown core function 9");
    }

    // ------------------------------------------------------------ core instances

    @Test
    void coreInstanceExportOfAFunctionOutOfRange() {
        byte[] c = base().coreInstances(List.of(new CoreInstanceDef.FromExports(0, List.of(
                new CoreInstanceDef.Export("f", CoreSort.FUNC, 3))))).build();
        invalid(c, "unknown core func 3");
    }

    @Test
    void coreInstanceExportOfAMemoryTableOrGlobalOutOfRange() {
        invalid(base().coreInstances(List.of(new CoreInstanceDef.FromExports(0, List.of(
                new CoreInstanceDef.Export("m", CoreSort.MEMORY, 1))))).build(), "unknown core memory 1");
        invalid(base().coreInstances(List.of(new CoreInstanceDef.FromExports(0, List.of(
                new CoreInstanceDef.Export("t", CoreSort.TABLE, 0))))).build(), "unknown core table 0");
        invalid(base().coreInstances(List.of(new CoreInstanceDef.FromExports(0, List.of(
                new CoreInstanceDef.Export("g", CoreSort.GLOBAL, 0))))).build(), "unknown core global 0");
    }

    @Test
    void coreInstanceExportOfAModuleIsNotACoreExport() {
        invalid(base().coreInstances(List.of(new CoreInstanceDef.FromExports(0, List.of(
                new CoreInstanceDef.Export("m", CoreSort.MODULE, 0))))).build(), "cannot export a core module");
    }

    /** Imports a core module of an empty module type: the validator knows it only by index. */
    static ComponentBuilder withImportedModule() {
        return new ComponentBuilder()
                .coreTypes(List.of(new CoreType.Module(0, List.of())))
                .imports(List.of(new ImportDef(0, "m", Decl.NameAttributes.NONE, new ExternType.CoreModule(0))));
    }

    @Test
    void instantiationArgumentOfAnImportedModuleOutOfRange() {
        byte[] c = withImportedModule().coreInstances(List.of(
                new CoreInstanceDef.Instantiate(0, 0, List.of(new CoreInstanceDef.Arg("env", 5))))).build();
        invalid(c, "unknown core instance 5");
    }

    @Test
    void importedCoreModuleOfAnUnknownCoreType() {
        byte[] c = new ComponentBuilder().imports(List.of(new ImportDef(0, "m", Decl.NameAttributes.NONE,
                new ExternType.CoreModule(3)))).build();
        invalid(c, "unknown core type 3");
    }

    @Test
    void memoryAliasedFromAnInstanceOfAnImportedModuleCounts() {
        // the memory of an instance this pass cannot see still takes index 0; index 1 is out of range
        ComponentBuilder b = withImportedModule()
                .coreInstances(List.of(new CoreInstanceDef.Instantiate(0, 0, List.of())))
                .aliases(List.of(new Alias.CoreInstanceExport(0, CoreSort.MEMORY, 0, "memory")))
                .coreInstances(List.of(new CoreInstanceDef.FromExports(0, List.of(
                        new CoreInstanceDef.Export("m", CoreSort.MEMORY, 1)))));
        invalid(b.build(), "unknown core memory 1");
        assertThat(Component.fromBytes(ENGINE, withImportedModule()
                .coreInstances(List.of(new CoreInstanceDef.Instantiate(0, 0, List.of())))
                .aliases(List.of(new Alias.CoreInstanceExport(0, CoreSort.MEMORY, 0, "memory")))
                .coreInstances(List.of(new CoreInstanceDef.FromExports(0, List.of(
                        new CoreInstanceDef.Export("m", CoreSort.MEMORY, 0))))).build())).isNotNull();
    }

    @Test
    void coreAliasOfAModuleSortIsRefused() {
        byte[] c = withImportedModule()
                .coreInstances(List.of(new CoreInstanceDef.Instantiate(0, 0, List.of())))
                .aliases(List.of(new Alias.CoreInstanceExport(0, CoreSort.MODULE, 0, "x"))).build();
        invalid(c, "core instances export only");
    }

    // ------------------------------------------------------------ resources

    @Test
    void resourceDestructorOutOfRange() {
        byte[] c = base().types(List.of(new TypeDef.ResourceType(0, CoreValType.Num.I32, OptionalInt.of(7))))
                .build();
        invalid(c, "unknown core function 7");
    }

    @Test
    void resourceDestructorOfTheWrongType() {
        byte[] c = base().types(List.of(new TypeDef.ResourceType(0, CoreValType.Num.I32, OptionalInt.of(1))))
                .build();
        invalid(c, "destructor");
        valid(base().types(List.of(new TypeDef.ResourceType(0, CoreValType.Num.I32, OptionalInt.of(2)))).build());
    }

    // ------------------------------------------------------------ component-level items

    @Test
    void exportWithAnAscribedTypeOfAFunctionOutOfRange() {
        byte[] c = base().canons(List.of(new Canon.Lift(0, 0, NO_OPTIONS, 0)))
                .exports(List.of(new ExportDef(0, "run", Decl.NameAttributes.NONE, new SortIndex(Sort.FUNC, 6),
                        Optional.of(new ExternType.Func(0))))).build();
        invalid(c, "unknown func 6");
    }

    @Test
    void exportOfACoreModuleOutOfRange() {
        byte[] c = base().exports(List.of(new ExportDef(0, "m", Decl.NameAttributes.NONE,
                new SortIndex(Sort.CORE_MODULE, 1), Optional.empty()))).build();
        invalid(c, "unknown core module 1");
    }

    @Test
    void anExportedCoreModuleTakesTheNextModuleIndex() {
        // export module 0 as "m": it becomes module 1, and instantiating module 1 is valid
        byte[] c = base().exports(List.of(new ExportDef(0, "m", Decl.NameAttributes.NONE,
                new SortIndex(Sort.CORE_MODULE, 0), Optional.empty())))
                .coreInstances(List.of(new CoreInstanceDef.Instantiate(0, 1, List.of()))).build();
        assertThat(Component.fromBytes(ENGINE, c)).isNotNull();
    }

    @Test
    void instanceOfExportsNamingAnItemOutOfRange() {
        invalid(base().instances(List.of(new InstanceDef.FromExports(0, List.of(new InstanceDef.Export("i",
                Decl.NameAttributes.NONE, new SortIndex(Sort.INSTANCE, 2)))))).build(), "unknown instance 2");
        invalid(base().instances(List.of(new InstanceDef.FromExports(0, List.of(new InstanceDef.Export("c",
                Decl.NameAttributes.NONE, new SortIndex(Sort.COMPONENT, 0)))))).build(), "unknown component 0");
        invalid(base().instances(List.of(new InstanceDef.FromExports(0, List.of(new InstanceDef.Export("m",
                Decl.NameAttributes.NONE, new SortIndex(Sort.CORE_MODULE, 4)))))).build(), "unknown core module 4");
    }

    static byte[] nestedWithOuterAlias(Sort sort, int index) {
        byte[] inner = new ComponentBuilder().aliases(List.of(new Alias.Outer(0, sort, 1, index))).build();
        return base().component(inner)
                .instances(List.of(new InstanceDef.Instantiate(0, 0, List.of()))).build();
    }

    @Test
    void outerAliasOfAComponentOrModuleOutOfRange() {
        invalid(nestedWithOuterAlias(Sort.COMPONENT, 1), "unknown outer component 1");
        invalid(nestedWithOuterAlias(Sort.CORE_MODULE, 3), "unknown outer core module 3");
        // the nested component sees only what was defined before it: itself is not component 0 of the outer
        invalid(nestedWithOuterAlias(Sort.COMPONENT, 0), "unknown outer component 0");
        assertThat(Component.fromBytes(ENGINE, nestedWithOuterAlias(Sort.CORE_MODULE, 0))).isNotNull();
    }

    @Test
    void outerAliasOfAFunctionIsRefusedByTheDecoder() {
        assertThatThrownBy(() -> Component.fromBytes(ENGINE, nestedWithOuterAlias(Sort.FUNC, 0)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("outer alias of sort FUNC is not allowed");
    }

    @Test
    void aliasOfACoreFunctionFromAComponentInstanceIsRefused() {
        byte[] inner = new ComponentBuilder().build();
        byte[] c = base().component(inner)
                .instances(List.of(new InstanceDef.Instantiate(0, 0, List.of())))
                .aliases(List.of(new Alias.InstanceExport(0, Sort.CORE_FUNC, 0, "f"))).build();
        invalid(c, "component instances do not export core");
    }

    @Test
    void instantiationArgumentOfACoreModuleOutOfRange() {
        byte[] inner = new ComponentBuilder().build();
        byte[] c = base().component(inner).instances(List.of(new InstanceDef.Instantiate(0, 0, List.of(
                new InstanceDef.Arg("m", new SortIndex(Sort.CORE_MODULE, 2)))))).build();
        invalid(c, "unknown core module 2");
    }
}
