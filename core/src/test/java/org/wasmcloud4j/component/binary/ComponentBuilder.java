package org.wasmcloud4j.component.binary;

import java.util.List;
import java.util.function.BiConsumer;

/** Test-only builder of component binaries, one section at a time. */
final class ComponentBuilder {
    static final byte[] PREAMBLE = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

    private final ByteWriter w = new ByteWriter().raw(PREAMBLE);

    /** Current size, i.e. the offset of the next section's id byte. */
    int offset() {
        return w.size();
    }

    ComponentBuilder raw(int id, byte[] payload) {
        w.section(id, payload);
        return this;
    }

    ComponentBuilder rawBytes(byte[] bytes) {
        w.raw(bytes);
        return this;
    }

    ComponentBuilder custom(String name, byte[] data) {
        return raw(0, new ByteWriter().name(name).raw(data).toByteArray());
    }

    ComponentBuilder coreModule(byte[] module) {
        return raw(1, module);
    }

    ComponentBuilder component(byte[] component) {
        return raw(4, component);
    }

    private <T> ComponentBuilder vec(int id, List<T> items, BiConsumer<ByteWriter, T> enc) {
        ByteWriter p = new ByteWriter().u32(items.size());
        for (T t : items) {
            enc.accept(p, t);
        }
        return raw(id, p.toByteArray());
    }

    ComponentBuilder coreInstances(List<CoreInstanceDef> items) {
        return vec(2, items, ModelEncoder::coreInstance);
    }

    ComponentBuilder coreTypes(List<CoreType> items) {
        return vec(3, items, ModelEncoder::coreType);
    }

    ComponentBuilder instances(List<InstanceDef> items) {
        return vec(5, items, ModelEncoder::instance);
    }

    ComponentBuilder aliases(List<Alias> items) {
        return vec(6, items, ModelEncoder::alias);
    }

    ComponentBuilder types(List<TypeDef> items) {
        return vec(7, items, ModelEncoder::typeDef);
    }

    ComponentBuilder canons(List<Canon> items) {
        return vec(8, items, ModelEncoder::canon);
    }

    ComponentBuilder start(int func, List<Integer> args, int results) {
        ByteWriter p = new ByteWriter().u32(func).u32(args.size());
        args.forEach(p::u32);
        return raw(9, p.u32(results).toByteArray());
    }

    ComponentBuilder imports(List<ImportDef> items) {
        return vec(10, items, ModelEncoder::importDef);
    }

    ComponentBuilder exports(List<ExportDef> items) {
        return vec(11, items, ModelEncoder::exportDef);
    }

    byte[] build() {
        return w.toByteArray();
    }
}
