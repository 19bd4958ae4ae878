package org.wasmcloud4j.component.binary;

import java.util.List;
import java.util.Objects;

/**
 * One section of a component, in binary order. {@link #offset()} is the byte offset of the section id byte.
 */
public sealed interface Section
        permits Section.Custom, Section.CoreModule, Section.CoreInstances, Section.CoreTypes, Section.Component,
        Section.Instances, Section.Aliases, Section.Types, Section.Canons, Section.Start, Section.Imports,
        Section.Exports {

    /** Byte offset of the section id byte. */
    long offset();

    /** The binary section id. */
    int id();

    /**
     * A custom section (id 0).
     *
     * @param offset byte offset of the id byte
     * @param name the custom section name
     * @param data the payload after the name
     */
    record Custom(long offset, String name, Bytes data) implements Section {
        /** Checks nulls. */
        public Custom {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public int id() {
            return 0;
        }

        /**
         * The payload as UTF-8 text (e.g. for {@code wasmcloud_jwt}).
         *
         * @throws DecodeException when the payload is not valid UTF-8
         */
        public String utf8() {
            return data.utf8();
        }
    }

    /**
     * A core module (id 1), kept as one slice of the input.
     *
     * @param offset byte offset of the id byte
     * @param bytes the complete module binary (preamble included)
     * @param summary types, imports and exports of the module
     */
    record CoreModule(long offset, Bytes bytes, CoreModuleSummary summary) implements Section {
        /** Checks nulls. */
        public CoreModule {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(summary, "summary");
        }

        @Override
        public int id() {
            return 1;
        }
    }

    /**
     * A core instance section (id 2).
     *
     * @param offset byte offset of the id byte
     * @param instances the definitions in order
     */
    record CoreInstances(long offset, List<CoreInstanceDef> instances) implements Section {
        /** Copies the list. */
        public CoreInstances {
            instances = List.copyOf(instances);
        }

        @Override
        public int id() {
            return 2;
        }
    }

    /**
     * A core type section (id 3).
     *
     * @param offset byte offset of the id byte
     * @param types the definitions in order
     */
    record CoreTypes(long offset, List<CoreType> types) implements Section {
        /** Copies the list. */
        public CoreTypes {
            types = List.copyOf(types);
        }

        @Override
        public int id() {
            return 3;
        }
    }

    /**
     * A nested component (id 4).
     *
     * @param offset byte offset of the id byte
     * @param component the decoded nested component
     */
    record Component(long offset, DecodedComponent component) implements Section {
        /** Checks nulls. */
        public Component {
            Objects.requireNonNull(component, "component");
        }

        @Override
        public int id() {
            return 4;
        }
    }

    /**
     * An instance section (id 5).
     *
     * @param offset byte offset of the id byte
     * @param instances the definitions in order
     */
    record Instances(long offset, List<InstanceDef> instances) implements Section {
        /** Copies the list. */
        public Instances {
            instances = List.copyOf(instances);
        }

        @Override
        public int id() {
            return 5;
        }
    }

    /**
     * An alias section (id 6).
     *
     * @param offset byte offset of the id byte
     * @param aliases the aliases in order
     */
    record Aliases(long offset, List<Alias> aliases) implements Section {
        /** Copies the list. */
        public Aliases {
            aliases = List.copyOf(aliases);
        }

        @Override
        public int id() {
            return 6;
        }
    }

    /**
     * A type section (id 7).
     *
     * @param offset byte offset of the id byte
     * @param types the definitions in order
     */
    record Types(long offset, List<TypeDef> types) implements Section {
        /** Copies the list. */
        public Types {
            types = List.copyOf(types);
        }

        @Override
        public int id() {
            return 7;
        }
    }

    /**
     * A canonical section (id 8).
     *
     * @param offset byte offset of the id byte
     * @param canons the definitions in order
     */
    record Canons(long offset, List<Canon> canons) implements Section {
        /** Copies the list. */
        public Canons {
            canons = List.copyOf(canons);
        }

        @Override
        public int id() {
            return 8;
        }
    }

    /**
     * A start section (id 9; a gated feature: decoded, not supported by the runtime).
     *
     * @param offset byte offset of the id byte
     * @param funcIndex the component function to call
     * @param args value indices of the arguments
     * @param results number of results
     */
    record Start(long offset, int funcIndex, List<Integer> args, int results) implements Section {
        /** Copies the list. */
        public Start {
            args = List.copyOf(args);
        }

        @Override
        public int id() {
            return 9;
        }
    }

    /**
     * An import section (id 10).
     *
     * @param offset byte offset of the id byte
     * @param imports the imports in order
     */
    record Imports(long offset, List<ImportDef> imports) implements Section {
        /** Copies the list. */
        public Imports {
            imports = List.copyOf(imports);
        }

        @Override
        public int id() {
            return 10;
        }
    }

    /**
     * An export section (id 11).
     *
     * @param offset byte offset of the id byte
     * @param exports the exports in order
     */
    record Exports(long offset, List<ExportDef> exports) implements Section {
        /** Copies the list. */
        public Exports {
            exports = List.copyOf(exports);
        }

        @Override
        public int id() {
            return 11;
        }
    }
}
