package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ComponentDecoderTest {

    /** Compares the record renderings (type names and all fields) with every offset set to 0. */
    static void assertSameIgnoringOffsets(Object actual, Object expected) {
        assertThat(withoutOffsets(actual)).isEqualTo(withoutOffsets(expected));
    }

    static String withoutOffsets(Object o) {
        return String.valueOf(o).replaceAll("offset=\\d+", "offset=0");
    }

    @Test
    void emptyComponent() {
        DecodedComponent c = ComponentDecoder.decode(ComponentBuilder.PREAMBLE);
        assertThat(c.sections()).isEmpty();
        assertThat(c.offset()).isZero();
        assertThat(c.bytes().length()).isEqualTo(8);
        assertThat(c.names()).isEmpty();
        assertThat(c.producers()).isEmpty();
        assertThat(c.jwt()).isEmpty();
        assertThat(c.usesAsync()).isFalse();
    }

    @Test
    void richComponentKeepsSectionOrderAndOffsets() {
        byte[] bytes = SampleComponents.rich();
        DecodedComponent c = ComponentDecoder.decode(bytes);
        assertThat(c.sections()).extracting(Section::id)
                .containsExactly(0, 1, 3, 10, 7, 2, 6, 8, 4, 5, 9, 11, 0, 0);
        // every section offset points at its id byte
        for (Section s : c.sections()) {
            assertThat(bytes[(int) s.offset()]).isEqualTo((byte) s.id());
        }
        assertThat(c.sections().get(0).offset()).isEqualTo(8);
        assertThat(c.usesAsync()).isFalse();
    }

    @Test
    void customSectionsProducersNamesAndJwt() {
        DecodedComponent c = ComponentDecoder.decode(SampleComponents.rich());
        assertThat(c.jwt()).contains("eyJhbGciOiJFZDI1NTE5In0.e30.sig");
        Section.Custom jwt = c.customSection("wasmcloud_jwt").orElseThrow();
        assertThat(jwt.data().length()).isEqualTo(31);
        assertThat(c.producers()).contains(new Producers(List.of(new Producers.Field("processed-by", List.of(
                new Producers.Value("wit-component", "0.220.0"), new Producers.Value("wasmcloud4j-test", "1"))))));
        ComponentNames names = c.names().orElseThrow();
        assertThat(names.componentName()).contains("rich");
        assertThat(names.nameOf(Sort.FUNC, 0)).contains("hello");
        assertThat(names.nameOf(Sort.CORE_FUNC, 0)).contains("core-hello");
        assertThat(names.nameOf(Sort.FUNC, 1)).isEmpty();
        assertThat(names.nameOf(Sort.TYPE, 0)).isEmpty();
    }

    @Test
    void malformedNameAndProducersSectionsAreIgnored() {
        byte[] bytes = new ComponentBuilder()
                .custom("component-name", ByteWriter.of(0x00, 0x05, 0x01))
                .custom("producers", ByteWriter.of(0x09))
                .build();
        DecodedComponent c = ComponentDecoder.decode(bytes);
        assertThat(c.names()).isEmpty();
        assertThat(c.producers()).isEmpty();
        assertThat(c.sections(Section.Custom.class)).hasSize(2);
    }

    @Test
    void coreModuleIsOneSliceWithSummary() {
        byte[] module = SampleComponents.coreModule();
        byte[] bytes = new ComponentBuilder().coreModule(module).build();
        DecodedComponent c = ComponentDecoder.decode(bytes);
        Section.CoreModule m = c.coreModules().get(0);
        assertThat(m.offset()).isEqualTo(8);
        int lebLength = new ByteWriter().u32(module.length).size();
        assertThat(m.bytes().offset()).isEqualTo(8 + 1 + lebLength);
        assertThat(m.bytes().toArray()).isEqualTo(module);
        assertThat(m.bytes().asByteBuffer().remaining()).isEqualTo(module.length);
        CoreModuleSummary s = m.summary();
        assertThat(s.types()).containsExactly(SampleComponents.I32_TO_I32, SampleComponents.VOID);
        assertThat(s.imports()).extracting(CoreModuleSummary.Import::name).containsExactly("log", "mem");
        assertThat(s.imports().get(0).funcType()).contains(SampleComponents.I32_TO_I32);
        assertThat(s.imports().get(1).type()).isEqualTo(new CoreExternType.Memory(1, OptionalLong.of(2), false,
                false, OptionalInt.empty()));
        assertThat(s.functionTypeIndices()).containsExactly(1, 0);
        assertThat(s.codeBodyCount()).isEqualTo(2);
        assertThat(s.globals()).containsExactly(new CoreExternType.Global(CoreValType.Num.I32, true));
        assertThat(s.export("run").orElseThrow().funcType()).contains(SampleComponents.VOID);
        assertThat(s.export("add").orElseThrow().funcType()).contains(SampleComponents.I32_TO_I32);
        assertThat(s.export("log-again").orElseThrow().funcType()).contains(SampleComponents.I32_TO_I32);
        assertThat(s.export("memory").orElseThrow().type()).isInstanceOf(CoreExternType.Memory.class);
        assertThat(s.export("g").orElseThrow().kind()).isEqualTo(CoreSort.GLOBAL);
        assertThat(s.start()).isEmpty();
    }

    @Test
    void everyValueTypeConstructorRoundTrips() {
        List<TypeDef> types = SampleComponents.allValueTypes();
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder().types(types).build());
        Section.Types s = c.sections(Section.Types.class).get(0);
        assertSameIgnoringOffsets(s.types(), types);
        // item offsets: the first type starts after the id, the 1-byte size and the count
        assertThat(s.types().get(0).offset()).isEqualTo(8 + 1 + 1 + 1);
    }

    @Test
    void componentAndInstanceTypesRoundTrip() {
        List<TypeDef> types = List.of(SampleComponents.instanceType(), SampleComponents.componentType());
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder().types(types).build());
        assertSameIgnoringOffsets(c.sections(Section.Types.class).get(0).types(), types);
        TypeDef.ComponentType ct = (TypeDef.ComponentType) c.sections(Section.Types.class).get(0).types().get(1);
        assertThat(ct.decls()).hasSize(5);
        assertThat(ct.decls().get(2)).isInstanceOf(ImportDef.class);
        assertThat(((ImportDef) ct.decls().get(2)).name()).isEqualTo("wasi:cli/stdout@0.2.0");
    }

    @Test
    void everySectionOfTheRichComponentRoundTrips() {
        DecodedComponent c = ComponentDecoder.decode(SampleComponents.rich());
        assertThat(c.imports()).hasSize(7);
        assertThat(c.imports().get(1).attributes().implementsInterface()).contains("wasi:config/store");
        assertThat(c.imports().get(0).name()).isEqualTo("wasi:logging/logging@0.1.0-draft");
        assertThat(c.exports()).extracting(ExportDef::name).containsExactly("run", "wasi:cli/run@0.2.0", "mod");
        assertThat(c.exports().get(0).ascribedType()).contains(new ExternType.Func(15));
        assertThat(c.exports().get(2).target()).isEqualTo(new SortIndex(Sort.CORE_MODULE, 0));

        Section.CoreTypes ct = c.sections(Section.CoreTypes.class).get(0);
        assertThat(((CoreType.Func) ct.types().get(0)).type()).isEqualTo(SampleComponents.I32_TO_I32);
        assertThat(((CoreType.Module) ct.types().get(1)).decls()).hasSize(3);

        Section.CoreInstances ci = c.sections(Section.CoreInstances.class).get(0);
        assertSameIgnoringOffsets(ci.instances(), List.of(
                new CoreInstanceDef.FromExports(0, List.of(new CoreInstanceDef.Export("log", CoreSort.FUNC, 0),
                        new CoreInstanceDef.Export("mem", CoreSort.MEMORY, 0))),
                new CoreInstanceDef.Instantiate(0, 0, List.of(new CoreInstanceDef.Arg("env", 0)))));

        Section.Aliases al = c.sections(Section.Aliases.class).get(0);
        assertThat(al.aliases()).extracting(Alias::sort)
                .containsExactly(Sort.CORE_FUNC, Sort.CORE_MEMORY, Sort.FUNC, Sort.CORE_TYPE);
        assertThat(al.aliases().get(3)).isInstanceOf(Alias.Outer.class);

        Section.Canons cs = c.sections(Section.Canons.class).get(0);
        Canon.Lift lift = (Canon.Lift) cs.canons().get(0);
        assertThat(lift.coreFuncIndex()).isEqualTo(1);
        assertThat(lift.typeIndex()).isEqualTo(15);
        assertThat(lift.options()).isEqualTo(new Canon.Options(Canon.StringEncoding.UTF16, OptionalInt.of(0),
                OptionalInt.of(2), OptionalInt.of(3), false, OptionalInt.empty()));
        assertThat(((Canon.Lower) cs.canons().get(1)).options().stringEncoding())
                .isEqualTo(Canon.StringEncoding.LATIN1_UTF16);
        assertThat(cs.canons().get(2)).isEqualTo(new Canon.Lower(cs.canons().get(2).offset(), 0,
                Canon.Options.DEFAULT));
        assertThat(cs.canons().subList(3, 6)).extracting(x -> x.getClass().getSimpleName())
                .containsExactly("ResourceNew", "ResourceDrop", "ResourceRep");

        DecodedComponent nested = c.sections(Section.Component.class).get(0).component();
        assertThat(nested.offset()).isEqualTo(c.sections(Section.Component.class).get(0).offset() + 2);
        assertThat(nested.imports()).extracting(ImportDef::name).containsExactly("f");
        assertThat(nested.exports()).extracting(ExportDef::name).containsExactly("g");

        Section.Instances is = c.sections(Section.Instances.class).get(0);
        assertThat(is.instances().get(0)).isInstanceOf(InstanceDef.Instantiate.class);
        assertThat(((InstanceDef.FromExports) is.instances().get(1)).exports().get(0).target())
                .isEqualTo(new SortIndex(Sort.FUNC, 1));

        Section.Start st = c.sections(Section.Start.class).get(0);
        assertThat(st.funcIndex()).isZero();
        assertThat(st.args()).containsExactly(0);
        assertThat(st.results()).isEqualTo(1);
    }

    @Test
    void itemOffsetsPointAtTheItems() {
        byte[] bytes = SampleComponents.rich();
        DecodedComponent c = ComponentDecoder.decode(bytes);
        for (ImportDef i : c.imports()) {
            // the name form byte (0x00 or 0x02) starts every import
            assertThat(bytes[(int) i.offset()]).isIn((byte) 0, (byte) 2);
        }
        for (TypeDef t : c.sections(Section.Types.class).get(0).types()) {
            int b = bytes[(int) t.offset()] & 0xff;
            assertThat(b).isGreaterThanOrEqualTo(0x3f);
        }
        for (Canon k : c.sections(Section.Canons.class).get(0).canons()) {
            assertThat(bytes[(int) k.offset()]).isBetween((byte) 0, (byte) 4);
        }
    }

    @Test
    void bothNameFormsGiveThePlainName() {
        ByteWriter p = new ByteWriter().u32(2);
        p.u8(0x00).name("a:b/c@1.0.0").u8(0x01).u32(0);
        p.u8(0x01).name("a:b/d").u8(0x01).u32(1);
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder().raw(10, p.toByteArray()).build());
        assertThat(c.imports()).extracting(ImportDef::name).containsExactly("a:b/c@1.0.0", "a:b/d");
        assertThat(c.imports()).extracting(ImportDef::attributes).containsOnly(Decl.NameAttributes.NONE);
    }

    @Test
    void nameAttributesWithVersionSuffix() {
        ByteWriter p = new ByteWriter().u32(1);
        p.u8(0x02).name("a:b/c@1.2.0").u32(3).u8(0x01).name("-rc1").u8(0x00).name("a:b/i").u8(0x02).name("id-7");
        p.u8(0x01).u32(0);
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder().raw(10, p.toByteArray()).build());
        ImportDef i = c.imports().get(0);
        assertThat(i.name()).isEqualTo("a:b/c@1.2.0");
        assertThat(i.attributes()).isEqualTo(new Decl.NameAttributes(Optional.of("a:b/i"), Optional.of("-rc1"),
                Optional.of("id-7")));
    }

    @Test
    void coreValueTypesAndReferenceTypes() {
        List<CoreValType> params = List.of(CoreValType.Num.I32, CoreValType.Num.I64, CoreValType.Num.F32,
                CoreValType.Num.F64, CoreValType.Num.V128, CoreValType.FUNCREF, CoreValType.EXTERNREF,
                CoreValType.Ref.of(false, CoreValType.AbstractHeapType.FUNC),
                CoreValType.Ref.concrete(true, 3), CoreValType.Ref.concrete(false, 100),
                CoreValType.Ref.of(true, CoreValType.AbstractHeapType.ANY));
        CoreFuncType ft = new CoreFuncType(params, List.of(CoreValType.EXTERNREF));
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder()
                .coreTypes(List.of(new CoreType.Func(0, ft))).build());
        assertThat(((CoreType.Func) c.sections(Section.CoreTypes.class).get(0).types().get(0)).type()).isEqualTo(ft);
    }

    @Test
    void longFormReferenceTypesDecodeToTheSameValue() {
        // (ref null func) spelled 0x63 0x70 equals funcref
        byte[] p = new ByteWriter().u32(1).u8(0x60).u32(2).bytes(0x63, 0x70, 0x63, 0x6f).u32(0).toByteArray();
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder().raw(3, p).build());
        CoreFuncType ft = ((CoreType.Func) c.sections(Section.CoreTypes.class).get(0).types().get(0)).type();
        assertThat(ft.params()).containsExactly(CoreValType.FUNCREF, CoreValType.EXTERNREF);
    }

    @Test
    void resourceWithAndWithoutDestructor() {
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder().types(List.of(
                new TypeDef.ResourceType(0, CoreValType.Num.I32, OptionalInt.of(7)),
                new TypeDef.ResourceType(0, CoreValType.Num.I32, OptionalInt.empty()))).build());
        List<TypeDef> t = c.sections(Section.Types.class).get(0).types();
        assertThat(((TypeDef.ResourceType) t.get(0)).destructor()).hasValue(7);
        assertThat(((TypeDef.ResourceType) t.get(1)).destructor()).isEmpty();
    }

    @Test
    void largeTypeIndicesUseSignedLeb() {
        // index 64 needs two bytes in s33 (0xc0 0x00); index 200 -> 0xc8 0x01
        List<TypeDef> types = List.of(new TypeDef.ListType(0, new ValTypeRef.Index(64)),
                new TypeDef.OptionType(0, new ValTypeRef.Index(200)));
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder().types(types).build());
        assertSameIgnoringOffsets(c.sections(Section.Types.class).get(0).types(), types);
    }

    @Test
    void nestedComponentsDecodeRecursively() {
        byte[] inner = ComponentBuilder.PREAMBLE;
        for (int i = 0; i < 20; i++) {
            inner = new ComponentBuilder().component(inner).build();
        }
        DecodedComponent c = ComponentDecoder.decode(inner);
        int depth = 0;
        while (!c.sections().isEmpty()) {
            Section.Component s = (Section.Component) c.sections().get(0);
            assertThat(s.component().offset()).isGreaterThan(c.offset());
            c = s.component();
            depth++;
        }
        assertThat(depth).isEqualTo(20);
    }

    @Test
    void asyncEraConstructsAreDecodedAndMarked() {
        ByteWriter types = new ByteWriter().u32(5);
        types.u8(0x66).u8(0x01).u8(0x7d); // stream<u8>
        types.u8(0x65).u8(0x00); // future
        types.u8(0x64); // error-context
        types.u8(0x43).u32(0).u8(0x01).u8(0x00); // async func
        types.u8(0x70).u8(0x64); // list<error-context>
        ByteWriter canons = new ByteWriter().u32(6);
        canons.u8(0x00).u8(0x00).u32(0).u32(2).u8(0x06).u8(0x07).u32(5).u32(3); // lift async callback
        canons.u8(0x09).u8(0x01).u8(0x00).u32(1).u8(0x03).u32(0); // task.return (no result), memory 0
        canons.u8(0x0f).u32(0).u32(0); // stream.read type 0
        canons.u8(0x20).u8(0x01).u32(0); // waitable-set.wait cancellable memory 0
        canons.u8(0x0a).u8(0x7f).u32(0); // context.get i32 0
        canons.u8(0x0c).u8(0x00); // thread.yield
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder()
                .raw(7, types.toByteArray()).raw(8, canons.toByteArray()).build());
        assertThat(c.usesAsync()).isTrue();
        List<TypeDef> t = c.sections(Section.Types.class).get(0).types();
        assertThat(t.get(0)).isInstanceOf(TypeDef.StreamType.class);
        assertThat(((TypeDef.StreamType) t.get(0)).element()).contains(PrimitiveType.U8);
        assertThat(((TypeDef.FutureType) t.get(1)).element()).isEmpty();
        assertThat(((TypeDef.PrimitiveDef) t.get(2)).type()).isEqualTo(PrimitiveType.ERROR_CONTEXT);
        assertThat(((TypeDef.FuncType) t.get(3)).async()).isTrue();
        List<Canon> k = c.sections(Section.Canons.class).get(0).canons();
        Canon.Lift lift = (Canon.Lift) k.get(0);
        assertThat(lift.options().async()).isTrue();
        assertThat(lift.options().callback()).hasValue(5);
        assertThat(k.subList(1, 6)).extracting(x -> ((Canon.AsyncBuiltin) x).name())
                .containsExactly("task.return", "stream.read", "waitable-set.wait", "context.get", "thread.yield");
        Canon.AsyncBuiltin wait = (Canon.AsyncBuiltin) k.get(3);
        assertThat(wait.immediates()).containsExactly(new Canon.Immediate("cancellable", 1),
                new Canon.Immediate("memory", 0));
        assertThat(((Canon.AsyncBuiltin) k.get(1)).options().memory()).hasValue(0);
        assertThat(c.asyncUses()).extracting(DecodedComponent.AsyncUse::construct).contains("stream type",
                "future type", "error-context type", "async function type", "async canonical option",
                "callback canonical option", "async canon lift", "canon task.return", "canon stream.read");
    }

    @Test
    void nestedAsyncUseMakesTheOuterComponentUseAsync() {
        byte[] inner = new ComponentBuilder().raw(7, new ByteWriter().u32(1).u8(0x65).u8(0x00).toByteArray())
                .build();
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder().component(inner).build());
        assertThat(c.asyncUses()).isEmpty();
        assertThat(c.usesAsync()).isTrue();
    }

    @Test
    void inputArrayIsCopied() {
        byte[] bytes = new ComponentBuilder().custom("x", new byte[] {1, 2, 3}).build();
        DecodedComponent c = ComponentDecoder.decode(bytes);
        bytes[bytes.length - 1] = 9;
        assertThat(c.customSection("x").orElseThrow().data().toArray()).containsExactly(1, 2, 3);
    }

    @Test
    void twelveMegabyteComponentDecodesFast() {
        // a core module with a 12 MB code section and 2,000 functions, plus a 1 MB custom section
        CoreModuleBuilder m = new CoreModuleBuilder();
        int t = m.type(SampleComponents.VOID);
        for (int i = 0; i < 2000; i++) {
            m.func(t).export("f" + i, 0, i);
        }
        m.custom(new ByteWriter().name("big").raw(new byte[12 << 20]).toByteArray());
        byte[] module = m.build();
        byte[] bytes = new ComponentBuilder().coreModule(module).coreModule(CoreModuleBuilder.PREAMBLE)
                .custom("blob", new byte[1 << 20]).build();
        ComponentDecoder.decode(bytes); // warm up
        long t0 = System.nanoTime();
        DecodedComponent c = ComponentDecoder.decode(bytes);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(c.coreModules().get(0).summary().exports()).hasSize(2000);
        assertThat(c.coreModules().get(0).bytes().length()).isEqualTo(module.length);
        assertThat(ms).as("decode time in ms").isLessThan(1000);
    }
}
