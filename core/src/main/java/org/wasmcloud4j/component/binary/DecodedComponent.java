package org.wasmcloud4j.component.binary;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoded component: its sections in binary order (nested components decoded recursively), the parsed
 * {@code component-name} and {@code producers} custom sections, and the async-era constructs it uses.
 *
 * @param offset byte offset of the component's preamble in the input (0 for the outermost component)
 * @param bytes the component's bytes, preamble included
 * @param sections the sections in binary order
 * @param names the parsed {@code component-name} section; empty when absent or malformed (a malformed name section
 *     is ignored, as the specification asks)
 * @param producers the parsed {@code producers} section; empty when absent or malformed
 * @param asyncUses async-era constructs used directly by this component (not by nested components)
 */
public record DecodedComponent(long offset, Bytes bytes, List<Section> sections, Optional<ComponentNames> names,
        Optional<Producers> producers, List<AsyncUse> asyncUses) {

    /** Name of the custom section holding a wasmCloud JWT. */
    public static final String JWT_SECTION = "wasmcloud_jwt";

    /** Copies the lists. */
    public DecodedComponent {
        Objects.requireNonNull(bytes, "bytes");
        sections = List.copyOf(sections);
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(producers, "producers");
        asyncUses = List.copyOf(asyncUses);
    }

    /**
     * An async-era construct (stream/future/error-context type, async function type, async or callback option,
     * task/subtask/stream/future/waitable-set/context/thread built-in). Decoded, but the runtime cannot run it.
     *
     * @param offset byte offset of the construct
     * @param construct what it is, e.g. {@code "stream type"}
     */
    public record AsyncUse(long offset, String construct) {
        /** Checks nulls. */
        public AsyncUse {
            Objects.requireNonNull(construct, "construct");
        }
    }

    /** Whether this component or any nested component uses an async-era construct. */
    public boolean usesAsync() {
        if (!asyncUses.isEmpty()) {
            return true;
        }
        for (Section s : sections) {
            if (s instanceof Section.Component c && c.component().usesAsync()) {
                return true;
            }
        }
        return false;
    }

    /** All sections of type {@code kind}, in order. */
    public <S extends Section> List<S> sections(Class<S> kind) {
        List<S> out = new ArrayList<>();
        for (Section s : sections) {
            if (kind.isInstance(s)) {
                out.add(kind.cast(s));
            }
        }
        return out;
    }

    /** The imports of all import sections, in order. */
    public List<ImportDef> imports() {
        List<ImportDef> out = new ArrayList<>();
        for (Section.Imports s : sections(Section.Imports.class)) {
            out.addAll(s.imports());
        }
        return List.copyOf(out);
    }

    /** The exports of all export sections, in order. */
    public List<ExportDef> exports() {
        List<ExportDef> out = new ArrayList<>();
        for (Section.Exports s : sections(Section.Exports.class)) {
            out.addAll(s.exports());
        }
        return List.copyOf(out);
    }

    /** The core modules of this component (not of nested components), in order. */
    public List<Section.CoreModule> coreModules() {
        return sections(Section.CoreModule.class);
    }

    /** The first custom section called {@code name}, if any. */
    public Optional<Section.Custom> customSection(String name) {
        for (Section s : sections) {
            if (s instanceof Section.Custom c && c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The text of the {@value #JWT_SECTION} custom section, if present.
     *
     * @throws DecodeException when the section is not valid UTF-8
     */
    public Optional<String> jwt() {
        return customSection(JWT_SECTION).map(Section.Custom::utf8);
    }
}
