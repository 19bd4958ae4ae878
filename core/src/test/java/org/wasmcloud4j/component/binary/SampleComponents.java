package org.wasmcloud4j.component.binary;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Test-only sample components that together use every section kind and every type constructor. */
final class SampleComponents {
    private SampleComponents() {
    }

    static final CoreFuncType I32_TO_I32 = new CoreFuncType(List.of(CoreValType.Num.I32),
            List.of(CoreValType.Num.I32));
    static final CoreFuncType VOID = new CoreFuncType(List.of(), List.of());

    /** A core module importing {@code env.log: [i32] -> [i32]}, a memory, exporting a function and the memory. */
    static byte[] coreModule() {
        CoreModuleBuilder m = new CoreModuleBuilder();
        int t0 = m.type(I32_TO_I32);
        int t1 = m.type(VOID);
        m.importFunc("env", "log", t0);
        m.importType("env", "mem", new CoreExternType.Memory(1, OptionalLong.of(2), false, false,
                OptionalInt.empty()));
        m.func(t1).func(t0);
        m.globalI32(true, 42);
        m.export("run", 0, 1).export("add", 0, 2).export("log-again", 0, 0).export("memory", 2, 0)
                .export("g", 3, 0);
        return m.build();
    }

    static List<TypeDef> allValueTypes() {
        ValTypeRef i0 = new ValTypeRef.Index(0);
        return List.of(
                new TypeDef.PrimitiveDef(0, PrimitiveType.U32),
                new TypeDef.RecordType(0, List.of(new TypeDef.Field("a", PrimitiveType.STRING),
                        new TypeDef.Field("b", i0))),
                new TypeDef.VariantType(0, List.of(new TypeDef.Case("none", Optional.empty()),
                        new TypeDef.Case("some", Optional.of(PrimitiveType.U8)))),
                new TypeDef.ListType(0, PrimitiveType.U8),
                new TypeDef.TupleType(0, List.of(PrimitiveType.BOOL, PrimitiveType.F64)),
                new TypeDef.FlagsType(0, List.of("read", "write")),
                new TypeDef.EnumType(0, List.of("red", "green")),
                new TypeDef.OptionType(0, i0),
                new TypeDef.ResultType(0, Optional.of(PrimitiveType.S64), Optional.empty()),
                new TypeDef.ResultType(0, Optional.empty(), Optional.of(PrimitiveType.CHAR)),
                new TypeDef.ResourceType(0, CoreValType.Num.I32, OptionalInt.of(1)),
                new TypeDef.ResourceType(0, CoreValType.Num.I32, OptionalInt.empty()),
                new TypeDef.OwnType(0, 10),
                new TypeDef.BorrowType(0, 10),
                new TypeDef.FuncType(0, false, List.of(new TypeDef.Field("x", PrimitiveType.S32)),
                        Optional.of(PrimitiveType.S32)),
                new TypeDef.FuncType(0, false, List.of(), Optional.empty()));
    }

    static TypeDef.InstanceType instanceType() {
        return new TypeDef.InstanceType(0, List.of(
                new CoreType.Func(0, VOID),
                new TypeDef.ResourceType(0, CoreValType.Num.I32, OptionalInt.empty()),
                new Alias.Outer(0, Sort.TYPE, 1, 0),
                new Decl.Export(0, "res", Decl.NameAttributes.NONE, new ExternType.SubResource()),
                new TypeDef.FuncType(0, false, List.of(), Optional.of(PrimitiveType.STRING)),
                new Decl.Export(0, "get", Decl.NameAttributes.NONE, new ExternType.Func(2))));
    }

    static TypeDef.ComponentType componentType() {
        return new TypeDef.ComponentType(0, List.of(
                new CoreType.Module(0, List.of(
                        new CoreType.Type(0, I32_TO_I32),
                        new CoreType.Import(0, "env", "f", new CoreExternType.Func(0)),
                        new CoreType.OuterAlias(0, 1, 0),
                        new CoreType.Export(0, "mem", new CoreExternType.Memory(1, OptionalLong.empty(), false, false,
                                OptionalInt.empty())))),
                instanceType(),
                new ImportDef(0, "wasi:cli/stdout@0.2.0", Decl.NameAttributes.NONE, new ExternType.Instance(1)),
                new Alias.InstanceExport(0, Sort.TYPE, 0, "res"),
                new Decl.Export(0, "out", Decl.NameAttributes.NONE, new ExternType.TypeEq(2))));
    }

    /** A component with every section kind (but no async constructs). */
    static byte[] rich() {
        byte[] nested = new ComponentBuilder()
                .types(List.of(new TypeDef.FuncType(0, false, List.of(), Optional.empty())))
                .imports(List.of(new ImportDef(0, "f", Decl.NameAttributes.NONE, new ExternType.Func(0))))
                .exports(List.of(new ExportDef(0, "g", Decl.NameAttributes.NONE, new SortIndex(Sort.FUNC, 0),
                        Optional.empty())))
                .build();
        ByteWriter producers = new ByteWriter().u32(1).name("processed-by").u32(2)
                .name("wit-component").name("0.220.0").name("wasmcloud4j-test").name("1");
        ByteWriter names = new ByteWriter();
        byte[] cname = new ByteWriter().name("rich").toByteArray();
        names.u8(0).u32(cname.length).raw(cname);
        byte[] funcNames = new ByteWriter().u8(0x01).u32(1).u32(0).name("hello").toByteArray();
        names.u8(1).u32(funcNames.length).raw(funcNames);
        byte[] coreFuncNames = new ByteWriter().u8(0x00).u8(0x00).u32(1).u32(0).name("core-hello").toByteArray();
        names.u8(1).u32(coreFuncNames.length).raw(coreFuncNames);

        List<TypeDef> types = new java.util.ArrayList<>(allValueTypes());
        types.add(instanceType());
        types.add(componentType());
        return new ComponentBuilder()
                .custom("producers", producers.toByteArray())
                .coreModule(coreModule())
                .coreTypes(List.of(new CoreType.Func(0, I32_TO_I32), new CoreType.Module(0, List.of(
                        new CoreType.Import(0, "env", "log", new CoreExternType.Func(0)),
                        new CoreType.Type(0, VOID),
                        new CoreType.Export(0, "run", new CoreExternType.Func(1))))))
                .imports(List.of(
                        new ImportDef(0, "wasi:logging/logging@0.1.0-draft", Decl.NameAttributes.NONE,
                                new ExternType.Instance(16)),
                        new ImportDef(0, "config", new Decl.NameAttributes(Optional.of("wasi:config/store"),
                                Optional.empty(), Optional.empty()), new ExternType.TypeEq(0)),
                        new ImportDef(0, "r", Decl.NameAttributes.NONE, new ExternType.SubResource()),
                        new ImportDef(0, "m", Decl.NameAttributes.NONE, new ExternType.CoreModule(1)),
                        new ImportDef(0, "c", Decl.NameAttributes.NONE, new ExternType.Component(17)),
                        new ImportDef(0, "v", Decl.NameAttributes.NONE, new ExternType.Value(PrimitiveType.U8)),
                        new ImportDef(0, "w", Decl.NameAttributes.NONE, new ExternType.ValueEq(0))))
                .types(types)
                .coreInstances(List.of(
                        new CoreInstanceDef.FromExports(0, List.of(new CoreInstanceDef.Export("log", CoreSort.FUNC, 0),
                                new CoreInstanceDef.Export("mem", CoreSort.MEMORY, 0))),
                        new CoreInstanceDef.Instantiate(0, 0, List.of(new CoreInstanceDef.Arg("env", 0)))))
                .aliases(List.of(
                        new Alias.CoreInstanceExport(0, CoreSort.FUNC, 1, "run"),
                        new Alias.CoreInstanceExport(0, CoreSort.MEMORY, 1, "memory"),
                        new Alias.InstanceExport(0, Sort.FUNC, 0, "log"),
                        new Alias.Outer(0, Sort.CORE_TYPE, 0, 0)))
                .canons(List.of(
                        new Canon.Lift(0, 1, new Canon.Options(Canon.StringEncoding.UTF16, OptionalInt.of(0),
                                OptionalInt.of(2), OptionalInt.of(3), false, OptionalInt.empty()), 15),
                        new Canon.Lower(0, 0, new Canon.Options(Canon.StringEncoding.LATIN1_UTF16,
                                OptionalInt.of(0), OptionalInt.empty(), OptionalInt.empty(), false,
                                OptionalInt.empty())),
                        new Canon.Lower(0, 0, Canon.Options.DEFAULT),
                        new Canon.ResourceNew(0, 2), new Canon.ResourceDrop(0, 2), new Canon.ResourceRep(0, 2)))
                .component(nested)
                .instances(List.of(
                        new InstanceDef.Instantiate(0, 0, List.of(new InstanceDef.Arg("f",
                                new SortIndex(Sort.FUNC, 0)))),
                        new InstanceDef.FromExports(0, List.of(new InstanceDef.Export("run",
                                Decl.NameAttributes.NONE, new SortIndex(Sort.FUNC, 1))))))
                .start(0, List.of(0), 1)
                .exports(List.of(
                        new ExportDef(0, "run", Decl.NameAttributes.NONE, new SortIndex(Sort.FUNC, 1),
                                Optional.of(new ExternType.Func(15))),
                        new ExportDef(0, "wasi:cli/run@0.2.0", Decl.NameAttributes.NONE,
                                new SortIndex(Sort.INSTANCE, 1), Optional.empty()),
                        new ExportDef(0, "mod", Decl.NameAttributes.NONE, new SortIndex(Sort.CORE_MODULE, 0),
                                Optional.empty())))
                .custom("component-name", names.toByteArray())
                .custom("wasmcloud_jwt", "eyJhbGciOiJFZDI1NTE5In0.e30.sig".getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
