package org.wasmcloud4j.component.binary;

import static org.wasmcloud4j.component.binary.CoreDecoding.hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Decodes one component (and, recursively, its nested components). One instance per component. */
final class ComponentParser {
    private static final String[] SECTION_NAMES = {"custom", "core module", "core instance", "core type",
        "component", "instance", "alias", "type", "canon", "start", "import", "export", "value"};

    private final byte[] buf;
    private final int depth;
    private final List<DecodedComponent.AsyncUse> asyncUses = new ArrayList<>();
    private Optional<ComponentNames> names = Optional.empty();
    private Optional<Producers> producers = Optional.empty();
    private boolean sawNames;
    private boolean sawProducers;

    ComponentParser(byte[] buf, int depth) {
        this.buf = buf;
        this.depth = depth;
    }

    private void mark(long offset, String construct) {
        asyncUses.add(new DecodedComponent.AsyncUse(offset, construct));
    }

    /** Decodes the component in {@code [start, end)}. */
    DecodedComponent parse(int start, int end) {
        WasmKind kind;
        try {
            kind = WasmKind.detect(Arrays.copyOfRange(buf, start, Math.min(end, start + WasmKind.PREAMBLE_LENGTH)));
        } catch (DecodeException e) {
            throw new DecodeException(start + e.offset(), e.detail());
        }
        if (kind != WasmKind.COMPONENT) {
            throw new DecodeException(start, "expected a component (layer 1) but found a core module");
        }
        BinaryReader r = new BinaryReader(buf, start + WasmKind.PREAMBLE_LENGTH, end,
                depth == 0 ? "component" : "nested component at byte offset " + start);
        List<Section> sections = new ArrayList<>();
        while (!r.atEnd()) {
            int secAt = r.pos();
            int id = r.u8("section id");
            if (id >= SECTION_NAMES.length) {
                throw new DecodeException(secAt, "unknown component section id " + id + " (expected 0 to 12)");
            }
            String name = SECTION_NAMES[id] + " section";
            long size = r.u32("size of " + name);
            if (size > r.remaining()) {
                throw new DecodeException(secAt, name + " declares " + size + " bytes but only " + r.remaining()
                        + " bytes remain in the " + r.context());
            }
            BinaryReader s = r.sub(size, name + " at byte offset " + secAt);
            sections.add(section(id, secAt, s));
            if (!s.atEnd()) {
                throw new DecodeException(s.pos(), name + " declared " + size + " bytes but its contents ended at"
                        + " byte offset " + s.pos() + " (" + s.remaining() + " bytes early)");
            }
        }
        return new DecodedComponent(start, new Bytes(buf, start, end - start), sections, names, producers,
                asyncUses);
    }

    private Section section(int id, int at, BinaryReader s) {
        switch (id) {
            case 0:
                return custom(at, s);
            case 1: {
                Bytes module = s.bytes(s.remaining(), "core module");
                return new Section.CoreModule(at, module, CoreDecoding.summarize(buf, module.start(), module.end()));
            }
            case 2: {
                int n = s.count("core instances", 2);
                List<CoreInstanceDef> items = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    items.add(coreInstance(s));
                }
                return new Section.CoreInstances(at, items);
            }
            case 3: {
                int n = s.count("core types", 1);
                List<CoreType> items = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    items.add(coreType(s));
                }
                return new Section.CoreTypes(at, items);
            }
            case 4: {
                if (depth + 1 > ComponentDecoder.MAX_NESTING_DEPTH) {
                    throw new DecodeException(at, "component nesting depth exceeds the limit of "
                            + ComponentDecoder.MAX_NESTING_DEPTH);
                }
                int from = s.pos();
                int to = s.limit();
                DecodedComponent nested = new ComponentParser(buf, depth + 1).parse(from, to);
                s.skip(s.remaining(), "nested component");
                return new Section.Component(at, nested);
            }
            case 5: {
                int n = s.count("instances", 2);
                List<InstanceDef> items = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    items.add(instance(s));
                }
                return new Section.Instances(at, items);
            }
            case 6: {
                int n = s.count("aliases", 3);
                List<Alias> items = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    items.add(alias(s));
                }
                return new Section.Aliases(at, items);
            }
            case 7: {
                int n = s.count("types", 1);
                List<TypeDef> items = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    items.add(typeDef(s, 0));
                }
                return new Section.Types(at, items);
            }
            case 8: {
                int n = s.count("canonical definitions", 1);
                List<Canon> items = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    items.add(canon(s));
                }
                return new Section.Canons(at, items);
            }
            case 9: {
                int f = s.index("start function index");
                int n = s.count("start arguments", 1);
                List<Integer> args = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    args.add(s.index("start argument value index"));
                }
                int results = s.index("start result count");
                return new Section.Start(at, f, args, results);
            }
            case 10: {
                int n = s.count("imports", 3);
                List<ImportDef> items = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    items.add(importDef(s));
                }
                return new Section.Imports(at, items);
            }
            case 11: {
                int n = s.count("exports", 4);
                List<ExportDef> items = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    items.add(exportDef(s));
                }
                return new Section.Exports(at, items);
            }
            default:
                throw new UnsupportedFeatureException(at, "value section (value definitions are a gated feature)");
        }
    }

    // ---------------------------------------------------------------- custom sections

    private Section custom(int at, BinaryReader s) {
        String name = s.name("custom section name");
        Bytes data = s.bytes(s.remaining(), "custom section data");
        if (name.equals("component-name") && !sawNames) {
            sawNames = true;
            names = parseNames(data);
        } else if (name.equals("producers") && !sawProducers) {
            sawProducers = true;
            producers = parseProducers(data);
        }
        return new Section.Custom(at, name, data);
    }

    private Optional<ComponentNames> parseNames(Bytes data) {
        try {
            BinaryReader r = new BinaryReader(buf, data.start(), data.end(), "component-name section");
            Optional<String> componentName = Optional.empty();
            Map<Sort, Map<Integer, String>> map = new EnumMap<>(Sort.class);
            while (!r.atEnd()) {
                int id = r.u8("name subsection id");
                long size = r.u32("name subsection size");
                BinaryReader sub = r.sub(size, "name subsection");
                if (id == 0) {
                    componentName = Optional.of(sub.name("component name"));
                    if (!sub.atEnd()) {
                        return Optional.empty();
                    }
                } else if (id == 1) {
                    Sort sort;
                    try {
                        sort = sort(sub, "name subsection sort");
                    } catch (DecodeException unknownSort) {
                        continue; // an unknown sort: skip the subsection
                    }
                    int n = sub.count("name map entries", 2);
                    Map<Integer, String> m = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        int idx = sub.index("name map index");
                        m.putIfAbsent(idx, sub.name("name map name"));
                    }
                    if (!sub.atEnd()) {
                        return Optional.empty();
                    }
                    map.putIfAbsent(sort, m);
                }
            }
            return Optional.of(new ComponentNames(componentName, map));
        } catch (DecodeException malformed) {
            return Optional.empty();
        }
    }

    private Optional<Producers> parseProducers(Bytes data) {
        try {
            BinaryReader r = new BinaryReader(buf, data.start(), data.end(), "producers section");
            int n = r.count("producer fields", 2);
            List<Producers.Field> fields = BinaryReader.listFor(n);
            for (int i = 0; i < n; i++) {
                String field = r.name("producer field name");
                int m = r.count("producer values", 2);
                List<Producers.Value> values = BinaryReader.listFor(m);
                for (int j = 0; j < m; j++) {
                    values.add(new Producers.Value(r.name("producer name"), r.name("producer version")));
                }
                fields.add(new Producers.Field(field, values));
            }
            return r.atEnd() ? Optional.of(new Producers(fields)) : Optional.empty();
        } catch (DecodeException malformed) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- sorts, names, extern types

    private static Sort sort(BinaryReader r, String what) {
        int at = r.pos();
        int b = r.u8(what);
        switch (b) {
            case 0x00: {
                int c = r.u8("core sort of " + what);
                CoreSort cs = CoreSort.fromCode(c);
                if (cs == null) {
                    throw new DecodeException(at + 1, "invalid core sort " + hex(c) + " in " + what
                            + ": expected 0x00-0x04 or 0x10-0x12");
                }
                return Sort.of(cs);
            }
            case 0x01: return Sort.FUNC;
            case 0x02: return Sort.VALUE;
            case 0x03: return Sort.TYPE;
            case 0x04: return Sort.COMPONENT;
            case 0x05: return Sort.INSTANCE;
            default:
                throw new DecodeException(at, "invalid sort " + hex(b) + " in " + what + ": expected 0x00-0x05");
        }
    }

    private static SortIndex sortIndex(BinaryReader r, String what) {
        Sort s = sort(r, what);
        return new SortIndex(s, r.index("index of " + what));
    }

    private record Named(String name, Decl.NameAttributes attributes) {
    }

    private static Named externName(BinaryReader r, String what) {
        int at = r.pos();
        int form = r.u8("name form of " + what);
        switch (form) {
            case 0x00:
            case 0x01:
                return new Named(r.name(what), Decl.NameAttributes.NONE);
            case 0x02: {
                String name = r.name(what);
                int n = r.count("name attributes of " + what, 2);
                Optional<String> impl = Optional.empty();
                Optional<String> version = Optional.empty();
                Optional<String> external = Optional.empty();
                for (int i = 0; i < n; i++) {
                    int aAt = r.pos();
                    int k = r.u8("name attribute kind");
                    String v = r.name("name attribute value");
                    Optional<String> prev;
                    switch (k) {
                        case 0x00: prev = impl; impl = Optional.of(v); break;
                        case 0x01: prev = version; version = Optional.of(v); break;
                        case 0x02: prev = external; external = Optional.of(v); break;
                        default:
                            throw new DecodeException(aAt, "invalid name attribute kind " + hex(k)
                                    + ": expected 0x00 (implements), 0x01 (versionsuffix) or 0x02 (external-id)");
                    }
                    if (prev.isPresent()) {
                        throw new DecodeException(aAt, "duplicate name attribute " + hex(k) + " on '" + name + "'");
                    }
                }
                return new Named(name, new Decl.NameAttributes(impl, version, external));
            }
            default:
                throw new DecodeException(at, "invalid name form " + hex(form) + " of " + what
                        + ": expected 0x00, 0x01 or 0x02");
        }
    }

    private ExternType externType(BinaryReader r, String what) {
        int at = r.pos();
        int b = r.u8("extern type of " + what);
        switch (b) {
            case 0x00: {
                int c = r.u8("core sort of extern type");
                if (c != 0x11) {
                    throw new DecodeException(at + 1, "invalid core extern type " + hex(c) + " of " + what
                            + ": only core module (0x11) is allowed");
                }
                return new ExternType.CoreModule(r.index("core type index"));
            }
            case 0x01:
                return new ExternType.Func(r.index("type index"));
            case 0x02: {
                int vAt = r.pos();
                int v = r.u8("value bound");
                if (v == 0x00) {
                    return new ExternType.ValueEq(r.index("value index"));
                }
                if (v == 0x01) {
                    return new ExternType.Value(valType(r, "value type"));
                }
                throw new DecodeException(vAt, "invalid value bound " + hex(v) + ": expected 0x00 or 0x01");
            }
            case 0x03: {
                int tAt = r.pos();
                int t = r.u8("type bound");
                if (t == 0x00) {
                    return new ExternType.TypeEq(r.index("type index"));
                }
                if (t == 0x01) {
                    return new ExternType.SubResource();
                }
                throw new DecodeException(tAt, "invalid type bound " + hex(t) + ": expected 0x00 (eq) or 0x01"
                        + " (sub resource)");
            }
            case 0x04:
                return new ExternType.Component(r.index("type index"));
            case 0x05:
                return new ExternType.Instance(r.index("type index"));
            default:
                throw new DecodeException(at, "invalid extern type " + hex(b) + " of " + what
                        + ": expected 0x00-0x05");
        }
    }

    private ImportDef importDef(BinaryReader r) {
        int at = r.pos();
        Named n = externName(r, "import name");
        return new ImportDef(at, n.name(), n.attributes(), externType(r, "import '" + n.name() + "'"));
    }

    private ExportDef exportDef(BinaryReader r) {
        int at = r.pos();
        Named n = externName(r, "export name");
        SortIndex target = sortIndex(r, "export '" + n.name() + "'");
        int oAt = r.pos();
        int o = r.u8("export type ascription flag");
        Optional<ExternType> ascribed;
        if (o == 0x00) {
            ascribed = Optional.empty();
        } else if (o == 0x01) {
            ascribed = Optional.of(externType(r, "export '" + n.name() + "'"));
        } else {
            throw new DecodeException(oAt, "invalid export type ascription flag " + hex(o)
                    + ": expected 0x00 or 0x01");
        }
        return new ExportDef(at, n.name(), n.attributes(), target, ascribed);
    }

    // ---------------------------------------------------------------- instances and aliases

    private CoreInstanceDef coreInstance(BinaryReader r) {
        int at = r.pos();
        int tag = r.u8("core instance kind");
        if (tag == 0x00) {
            int module = r.index("core module index");
            int n = r.count("core instantiation arguments", 3);
            List<CoreInstanceDef.Arg> args = BinaryReader.listFor(n);
            for (int i = 0; i < n; i++) {
                String name = r.name("core instantiation argument name");
                int kAt = r.pos();
                int k = r.u8("core instantiation argument kind");
                if (k != 0x12) {
                    throw new DecodeException(kAt, "invalid core instantiation argument kind " + hex(k)
                            + ": expected 0x12 (instance)");
                }
                args.add(new CoreInstanceDef.Arg(name, r.index("core instance index")));
            }
            return new CoreInstanceDef.Instantiate(at, module, args);
        }
        if (tag == 0x01) {
            int n = r.count("core inline exports", 3);
            List<CoreInstanceDef.Export> exports = BinaryReader.listFor(n);
            for (int i = 0; i < n; i++) {
                String name = r.name("core inline export name");
                int sAt = r.pos();
                int c = r.u8("core sort");
                CoreSort cs = CoreSort.fromCode(c);
                if (cs == null) {
                    throw new DecodeException(sAt, "invalid core sort " + hex(c)
                            + ": expected 0x00-0x04 or 0x10-0x12");
                }
                exports.add(new CoreInstanceDef.Export(name, cs, r.index("core inline export index")));
            }
            return new CoreInstanceDef.FromExports(at, exports);
        }
        throw new DecodeException(at, "invalid core instance kind " + hex(tag)
                + ": expected 0x00 (instantiate) or 0x01 (exports)");
    }

    private InstanceDef instance(BinaryReader r) {
        int at = r.pos();
        int tag = r.u8("instance kind");
        if (tag == 0x00) {
            int component = r.index("component index");
            int n = r.count("instantiation arguments", 3);
            List<InstanceDef.Arg> args = BinaryReader.listFor(n);
            for (int i = 0; i < n; i++) {
                String name = r.name("instantiation argument name");
                args.add(new InstanceDef.Arg(name, sortIndex(r, "instantiation argument '" + name + "'")));
            }
            return new InstanceDef.Instantiate(at, component, args);
        }
        if (tag == 0x01) {
            int n = r.count("inline exports", 4);
            List<InstanceDef.Export> exports = BinaryReader.listFor(n);
            for (int i = 0; i < n; i++) {
                Named name = externName(r, "inline export name");
                exports.add(new InstanceDef.Export(name.name(), name.attributes(),
                        sortIndex(r, "inline export '" + name.name() + "'")));
            }
            return new InstanceDef.FromExports(at, exports);
        }
        throw new DecodeException(at, "invalid instance kind " + hex(tag)
                + ": expected 0x00 (instantiate) or 0x01 (exports)");
    }

    private static Alias alias(BinaryReader r) {
        int at = r.pos();
        Sort sort = sort(r, "alias sort");
        int tAt = r.pos();
        int t = r.u8("alias target kind");
        switch (t) {
            case 0x00: {
                int idx = r.index("instance index");
                return new Alias.InstanceExport(at, sort, idx, r.name("alias export name"));
            }
            case 0x01: {
                if (!sort.isCore()) {
                    throw new DecodeException(at, "core instance export alias needs a core sort, got " + sort);
                }
                int idx = r.index("core instance index");
                return new Alias.CoreInstanceExport(at, sort.coreSort(), idx, r.name("alias export name"));
            }
            case 0x02: {
                if (sort != Sort.CORE_TYPE && sort != Sort.CORE_MODULE && sort != Sort.TYPE
                        && sort != Sort.COMPONENT) {
                    throw new DecodeException(at, "outer alias of sort " + sort
                            + " is not allowed: expected core type, core module, type or component");
                }
                int count = r.index("outer alias count");
                return new Alias.Outer(at, sort, count, r.index("outer alias index"));
            }
            default:
                throw new DecodeException(tAt, "invalid alias target kind " + hex(t)
                        + ": expected 0x00 (export), 0x01 (core export) or 0x02 (outer)");
        }
    }

    // ---------------------------------------------------------------- core types

    private static CoreType coreType(BinaryReader r) {
        int at = r.pos();
        int b = r.peek("core type");
        if (b == 0x60) {
            r.u8("core type");
            return new CoreType.Func(at, CoreDecoding.funcTypeBody(r));
        }
        if (b == 0x50) {
            r.u8("core type");
            int n = r.count("module type declarations", 2);
            List<CoreType.ModuleDecl> decls = BinaryReader.listFor(n);
            for (int i = 0; i < n; i++) {
                decls.add(moduleDecl(r));
            }
            return new CoreType.Module(at, decls);
        }
        if (b == 0x00) {
            throw new UnsupportedFeatureException(at, "GC non-final sub type (0x00 0x50) in a core type");
        }
        r.u8("core type");
        throw CoreDecoding.gcOrInvalid(at, b, "core type definition");
    }

    private static CoreType.ModuleDecl moduleDecl(BinaryReader r) {
        int at = r.pos();
        int tag = r.u8("module type declaration kind");
        switch (tag) {
            case 0x00: {
                String module = r.name("import module name");
                String name = r.name("import name");
                return new CoreType.Import(at, module, name,
                        CoreDecoding.externType(r, "import " + module + "." + name));
            }
            case 0x01:
                return new CoreType.Type(at, CoreDecoding.funcTypeDef(r, "module type"));
            case 0x02: {
                int sAt = r.pos();
                int s = r.u8("core outer alias sort");
                if (s != 0x10) {
                    throw new DecodeException(sAt, "invalid core alias sort " + hex(s) + ": expected 0x10 (type)");
                }
                int kAt = r.pos();
                int k = r.u8("core alias kind");
                if (k != 0x01) {
                    throw new DecodeException(kAt, "invalid core alias kind " + hex(k) + ": expected 0x01 (outer)");
                }
                int count = r.index("outer alias count");
                return new CoreType.OuterAlias(at, count, r.index("outer alias index"));
            }
            case 0x03: {
                String name = r.name("export name");
                return new CoreType.Export(at, name, CoreDecoding.externType(r, "export " + name));
            }
            default:
                throw new DecodeException(at, "invalid module type declaration kind " + hex(tag)
                        + ": expected 0x00-0x03");
        }
    }

    // ---------------------------------------------------------------- component types

    private ValTypeRef valType(BinaryReader r, String what) {
        int at = r.pos();
        int b = r.peek(what);
        PrimitiveType p = PrimitiveType.fromCode(b);
        if (p != null) {
            r.u8(what);
            if (p.isAsync()) {
                mark(at, "error-context type");
            }
            return p;
        }
        long v = r.signed(33, what);
        if (v < 0) {
            throw new DecodeException(at, "invalid value type " + hex(b) + " for " + what
                    + ": expected a primitive type code or a type index");
        }
        if (v > Integer.MAX_VALUE) {
            throw new DecodeException(at, "type index " + v + " of " + what + " exceeds the implementation limit");
        }
        return new ValTypeRef.Index((int) v);
    }

    private Optional<ValTypeRef> optValType(BinaryReader r, String what) {
        int at = r.pos();
        int b = r.u8("presence of " + what);
        if (b == 0x00) {
            return Optional.empty();
        }
        if (b == 0x01) {
            return Optional.of(valType(r, what));
        }
        throw new DecodeException(at, "invalid presence flag " + hex(b) + " of " + what + ": expected 0x00 or 0x01");
    }

    private Optional<ValTypeRef> resultList(BinaryReader r) {
        int at = r.pos();
        int k = r.u8("function result list");
        if (k == 0x00) {
            return Optional.of(valType(r, "function result"));
        }
        if (k == 0x01) {
            int cAt = r.pos();
            long c = r.u32("named result count");
            if (c == 0) {
                return Optional.empty();
            }
            throw new UnsupportedFeatureException(cAt, "named function results (pre-0.2 encoding)");
        }
        throw new DecodeException(at, "invalid function result list " + hex(k) + ": expected 0x00 or 0x01");
    }

    TypeDef typeDef(BinaryReader r, int typeDepth) {
        int at = r.pos();
        int b = r.u8("type definition");
        switch (b) {
            case 0x3f: {
                CoreValType rep = CoreDecoding.valType(r, "resource representation");
                int dAt = r.pos();
                int d = r.u8("resource destructor flag");
                OptionalInt dtor;
                if (d == 0x00) {
                    dtor = OptionalInt.empty();
                } else if (d == 0x01) {
                    dtor = OptionalInt.of(r.index("resource destructor core function index"));
                } else {
                    throw new DecodeException(dAt, "invalid resource destructor flag " + hex(d)
                            + ": expected 0x00 or 0x01");
                }
                return new TypeDef.ResourceType(at, rep, dtor);
            }
            case 0x40:
            case 0x43: {
                int n = r.count("function parameters", 2);
                List<TypeDef.Field> params = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    String name = r.name("parameter name");
                    params.add(new TypeDef.Field(name, valType(r, "type of parameter '" + name + "'")));
                }
                Optional<ValTypeRef> result = resultList(r);
                if (b == 0x43) {
                    mark(at, "async function type");
                }
                return new TypeDef.FuncType(at, b == 0x43, params, result);
            }
            case 0x41:
            case 0x42: {
                if (typeDepth + 1 > ComponentDecoder.MAX_NESTING_DEPTH) {
                    throw new DecodeException(at, "type nesting depth exceeds the limit of "
                            + ComponentDecoder.MAX_NESTING_DEPTH);
                }
                boolean component = b == 0x41;
                List<Decl> decls = decls(r, component, typeDepth + 1);
                return component ? new TypeDef.ComponentType(at, decls) : new TypeDef.InstanceType(at, decls);
            }
            default: {
                PrimitiveType p = PrimitiveType.fromCode(b);
                if (p != null) {
                    if (p.isAsync()) {
                        mark(at, "error-context type");
                    }
                    return new TypeDef.PrimitiveDef(at, p);
                }
                return defValType(r, at, b);
            }
        }
    }

    private TypeDef defValType(BinaryReader r, int at, int b) {
        switch (b) {
            case 0x72: {
                int n = r.count("record fields", 2);
                List<TypeDef.Field> fields = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    String name = r.name("record field name");
                    fields.add(new TypeDef.Field(name, valType(r, "type of record field '" + name + "'")));
                }
                return new TypeDef.RecordType(at, fields);
            }
            case 0x71: {
                int n = r.count("variant cases", 3);
                List<TypeDef.Case> cases = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    String name = r.name("variant case name");
                    Optional<ValTypeRef> t = optValType(r, "type of variant case '" + name + "'");
                    int zAt = r.pos();
                    int z = r.u8("variant case refines flag");
                    if (z == 0x01) {
                        throw new UnsupportedFeatureException(zAt, "'refines' on variant case '" + name
                                + "' (removed from the component model)");
                    }
                    if (z != 0x00) {
                        throw new DecodeException(zAt, "invalid variant case trailer " + hex(z) + ": expected 0x00");
                    }
                    cases.add(new TypeDef.Case(name, t));
                }
                return new TypeDef.VariantType(at, cases);
            }
            case 0x70:
                return new TypeDef.ListType(at, valType(r, "list element type"));
            case 0x67:
                throw new UnsupportedFeatureException(at, "fixed-length list type");
            case 0x6f: {
                int n = r.count("tuple types", 1);
                List<ValTypeRef> types = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    types.add(valType(r, "tuple element type"));
                }
                return new TypeDef.TupleType(at, types);
            }
            case 0x6e:
            case 0x6d: {
                boolean flags = b == 0x6e;
                int n = r.count(flags ? "flag names" : "enum cases", 1);
                List<String> labels = BinaryReader.listFor(n);
                for (int i = 0; i < n; i++) {
                    labels.add(r.name(flags ? "flag name" : "enum case name"));
                }
                return flags ? new TypeDef.FlagsType(at, labels) : new TypeDef.EnumType(at, labels);
            }
            case 0x6c:
                throw new UnsupportedFeatureException(at, "union type (removed from the component model)");
            case 0x6b:
                return new TypeDef.OptionType(at, valType(r, "option payload type"));
            case 0x6a: {
                Optional<ValTypeRef> ok = optValType(r, "result ok type");
                Optional<ValTypeRef> err = optValType(r, "result error type");
                return new TypeDef.ResultType(at, ok, err);
            }
            case 0x69:
                return new TypeDef.OwnType(at, r.index("own resource type index"));
            case 0x68:
                return new TypeDef.BorrowType(at, r.index("borrow resource type index"));
            case 0x66: {
                mark(at, "stream type");
                return new TypeDef.StreamType(at, optValType(r, "stream element type"));
            }
            case 0x65: {
                mark(at, "future type");
                return new TypeDef.FutureType(at, optValType(r, "future payload type"));
            }
            case 0x63:
                throw new UnsupportedFeatureException(at, "map type");
            default:
                throw new DecodeException(at, "invalid type definition opcode " + hex(b));
        }
    }

    private List<Decl> decls(BinaryReader r, boolean component, int typeDepth) {
        String what = component ? "component type declarations" : "instance type declarations";
        int n = r.count(what, 2);
        List<Decl> decls = BinaryReader.listFor(n);
        for (int i = 0; i < n; i++) {
            int at = r.pos();
            int tag = r.u8("declaration kind");
            switch (tag) {
                case 0x00:
                    decls.add(coreType(r));
                    break;
                case 0x01:
                    decls.add(typeDef(r, typeDepth));
                    break;
                case 0x02:
                    decls.add(alias(r));
                    break;
                case 0x03:
                    if (!component) {
                        throw new DecodeException(at, "import declaration (0x03) is not allowed in an instance type");
                    }
                    decls.add(importDef(r));
                    break;
                case 0x04: {
                    int eAt = r.pos();
                    Named name = externName(r, "export declaration name");
                    decls.add(new Decl.Export(eAt, name.name(), name.attributes(),
                            externType(r, "export declaration '" + name.name() + "'")));
                    break;
                }
                default:
                    throw new DecodeException(at, "invalid " + (component ? "component" : "instance")
                            + " type declaration kind " + hex(tag) + ": expected "
                            + (component ? "0x00-0x04" : "0x00, 0x01, 0x02 or 0x04"));
            }
        }
        return decls;
    }

    // ---------------------------------------------------------------- canonical definitions

    private Canon.Options options(BinaryReader r) {
        int n = r.count("canonical options", 1);
        Canon.StringEncoding enc = null;
        OptionalInt memory = OptionalInt.empty();
        OptionalInt realloc = OptionalInt.empty();
        OptionalInt postReturn = OptionalInt.empty();
        boolean async = false;
        OptionalInt callback = OptionalInt.empty();
        for (int i = 0; i < n; i++) {
            int at = r.pos();
            int o = r.u8("canonical option");
            switch (o) {
                case 0x00:
                case 0x01:
                case 0x02:
                    if (enc != null) {
                        throw new DecodeException(at, "duplicate or conflicting string-encoding canonical option");
                    }
                    enc = o == 0 ? Canon.StringEncoding.UTF8
                            : o == 1 ? Canon.StringEncoding.UTF16 : Canon.StringEncoding.LATIN1_UTF16;
                    break;
                case 0x03:
                    memory = once(r, at, memory, "memory");
                    break;
                case 0x04:
                    realloc = once(r, at, realloc, "realloc");
                    break;
                case 0x05:
                    postReturn = once(r, at, postReturn, "post-return");
                    break;
                case 0x06:
                    if (async) {
                        throw new DecodeException(at, "duplicate async canonical option");
                    }
                    async = true;
                    mark(at, "async canonical option");
                    break;
                case 0x07:
                    callback = once(r, at, callback, "callback");
                    mark(at, "callback canonical option");
                    break;
                case 0x08:
                    throw new UnsupportedFeatureException(at, "core-type canonical option (GC ABI)");
                case 0x09:
                    throw new UnsupportedFeatureException(at, "gc canonical option (GC ABI)");
                default:
                    throw new DecodeException(at, "invalid canonical option " + hex(o) + ": expected 0x00-0x07");
            }
        }
        return new Canon.Options(enc == null ? Canon.StringEncoding.UTF8 : enc, memory, realloc, postReturn, async,
                callback);
    }

    private static OptionalInt once(BinaryReader r, int at, OptionalInt prev, String what) {
        if (prev.isPresent()) {
            throw new DecodeException(at, "duplicate " + what + " canonical option");
        }
        return OptionalInt.of(r.index(what + " index"));
    }

    private Canon canon(BinaryReader r) {
        int at = r.pos();
        int op = r.u8("canonical definition kind");
        switch (op) {
            case 0x00: {
                expectFuncSort(r, "canon lift");
                int core = r.index("core function index");
                Canon.Options opts = options(r);
                int type = r.index("lifted function type index");
                if (opts.async()) {
                    mark(at, "async canon lift");
                }
                return new Canon.Lift(at, core, opts, type);
            }
            case 0x01: {
                expectFuncSort(r, "canon lower");
                int f = r.index("function index");
                Canon.Options opts = options(r);
                if (opts.async()) {
                    mark(at, "async canon lower");
                }
                return new Canon.Lower(at, f, opts);
            }
            case 0x02:
                return new Canon.ResourceNew(at, r.index("resource type index"));
            case 0x03:
                return new Canon.ResourceDrop(at, r.index("resource type index"));
            case 0x04:
                return new Canon.ResourceRep(at, r.index("resource type index"));
            case 0x40:
                throw new UnsupportedFeatureException(at, "canon thread.spawn-ref (shared-everything threads)");
            case 0x41:
                throw new UnsupportedFeatureException(at, "canon thread.spawn-indirect (shared-everything threads)");
            case 0x42:
                throw new UnsupportedFeatureException(at,
                        "canon thread.available-parallelism (shared-everything threads)");
            default:
                return asyncBuiltin(r, at, op);
        }
    }

    private static void expectFuncSort(BinaryReader r, String what) {
        int at = r.pos();
        int b = r.u8("sort byte of " + what);
        if (b != 0x00) {
            throw new DecodeException(at, "invalid byte " + hex(b) + " in " + what + ": expected 0x00 (func)");
        }
    }

    private Canon asyncBuiltin(BinaryReader r, int at, int op) {
        String name;
        List<Canon.Immediate> imm = new ArrayList<>();
        Optional<ValTypeRef> result = Optional.empty();
        Canon.Options opts = Canon.Options.DEFAULT;
        switch (op) {
            case 0x24: name = "backpressure.inc"; break;
            case 0x25: name = "backpressure.dec"; break;
            case 0x09:
                name = "task.return";
                result = resultList(r);
                opts = options(r);
                break;
            case 0x05: name = "task.cancel"; break;
            case 0x0a:
            case 0x0b: {
                name = op == 0x0a ? "context.get" : "context.set";
                int tAt = r.pos();
                int t = r.u8("context value type");
                if (t != 0x7f) {
                    throw new DecodeException(tAt, "invalid value type " + hex(t) + " of " + name
                            + ": expected 0x7f (i32)");
                }
                imm.add(new Canon.Immediate("valtype", t));
                imm.add(new Canon.Immediate("slot", r.u32("context slot")));
                break;
            }
            case 0x06:
                name = "subtask.cancel";
                imm.add(new Canon.Immediate("async", flag(r, "async")));
                break;
            case 0x0d: name = "subtask.drop"; break;
            case 0x0e: case 0x15: name = streamOrFuture(op, "new"); typeImm(r, imm); break;
            case 0x0f: case 0x16: name = streamOrFuture(op, "read"); typeImm(r, imm); opts = options(r); break;
            case 0x10: case 0x17: name = streamOrFuture(op, "write"); typeImm(r, imm); opts = options(r); break;
            case 0x11: case 0x18:
                name = streamOrFuture(op, "cancel-read");
                typeImm(r, imm);
                imm.add(new Canon.Immediate("async", flag(r, "async")));
                break;
            case 0x12: case 0x19:
                name = streamOrFuture(op, "cancel-write");
                typeImm(r, imm);
                imm.add(new Canon.Immediate("async", flag(r, "async")));
                break;
            case 0x13: case 0x1a: name = streamOrFuture(op, "drop-readable"); typeImm(r, imm); break;
            case 0x14: case 0x1b: name = streamOrFuture(op, "drop-writable"); typeImm(r, imm); break;
            case 0x1c: name = "error-context.new"; opts = options(r); break;
            case 0x1d: name = "error-context.debug-message"; opts = options(r); break;
            case 0x1e: name = "error-context.drop"; break;
            case 0x1f: name = "waitable-set.new"; break;
            case 0x20:
            case 0x21:
                name = op == 0x20 ? "waitable-set.wait" : "waitable-set.poll";
                imm.add(new Canon.Immediate("cancellable", flag(r, "cancellable")));
                imm.add(new Canon.Immediate("memory", r.index("memory index")));
                break;
            case 0x22: name = "waitable-set.drop"; break;
            case 0x23: name = "waitable.join"; break;
            case 0x26: name = "thread.index"; break;
            case 0x27:
                name = "thread.new-indirect";
                imm.add(new Canon.Immediate("core-type", r.index("core type index")));
                imm.add(new Canon.Immediate("table", r.index("table index")));
                break;
            case 0x28: name = "thread.resume-later"; break;
            case 0x29: name = cancellable(r, imm, "thread.suspend"); break;
            case 0x0c: name = cancellable(r, imm, "thread.yield"); break;
            case 0x2a: name = cancellable(r, imm, "thread.suspend-then-resume"); break;
            case 0x2b: name = cancellable(r, imm, "thread.yield-then-resume"); break;
            case 0x2c: name = cancellable(r, imm, "thread.suspend-then-promote"); break;
            case 0x2d: name = cancellable(r, imm, "thread.yield-then-promote"); break;
            default:
                throw new DecodeException(at, "invalid canonical definition kind " + hex(op));
        }
        mark(at, "canon " + name);
        return new Canon.AsyncBuiltin(at, op, name, imm, result, opts);
    }

    private static String streamOrFuture(int op, String suffix) {
        return (op <= 0x14 ? "stream." : "future.") + suffix;
    }

    private static void typeImm(BinaryReader r, List<Canon.Immediate> imm) {
        imm.add(new Canon.Immediate("type", r.index("type index")));
    }

    private static String cancellable(BinaryReader r, List<Canon.Immediate> imm, String name) {
        imm.add(new Canon.Immediate("cancellable", flag(r, "cancellable")));
        return name;
    }

    private static int flag(BinaryReader r, String what) {
        int at = r.pos();
        int b = r.u8(what + " flag");
        if (b > 1) {
            throw new DecodeException(at, "invalid " + what + " flag " + hex(b) + ": expected 0x00 or 0x01");
        }
        return b;
    }
}
