package org.wasmcloud4j.component.binary;

import java.util.Objects;

/** The type of a component import or export ({@code externtype}). */
public sealed interface ExternType
        permits ExternType.CoreModule, ExternType.Func, ExternType.ValueEq, ExternType.Value, ExternType.TypeEq,
        ExternType.SubResource, ExternType.Component, ExternType.Instance {

    /** The sort of things of this type. */
    Sort sort();

    /**
     * {@code (core module (type i))}.
     *
     * @param coreTypeIndex core type index of a module type
     */
    record CoreModule(int coreTypeIndex) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.CORE_MODULE;
        }
    }

    /**
     * {@code (func (type i))}.
     *
     * @param typeIndex type index of a function type
     */
    record Func(int typeIndex) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.FUNC;
        }
    }

    /**
     * {@code (value (eq i))} (gated value feature).
     *
     * @param valueIndex value index
     */
    record ValueEq(int valueIndex) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.VALUE;
        }
    }

    /**
     * {@code (value t)} (gated value feature).
     *
     * @param type the value type
     */
    record Value(ValTypeRef type) implements ExternType {
        /** Checks nulls. */
        public Value {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public Sort sort() {
            return Sort.VALUE;
        }
    }

    /**
     * {@code (type (eq i))}.
     *
     * @param typeIndex the type this one equals
     */
    record TypeEq(int typeIndex) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.TYPE;
        }
    }

    /** {@code (type (sub resource))}: a fresh abstract resource type. */
    record SubResource() implements ExternType {
        @Override
        public Sort sort() {
            return Sort.TYPE;
        }
    }

    /**
     * {@code (component (type i))}.
     *
     * @param typeIndex type index of a component type
     */
    record Component(int typeIndex) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.COMPONENT;
        }
    }

    /**
     * {@code (instance (type i))}.
     *
     * @param typeIndex type index of an instance type
     */
    record Instance(int typeIndex) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.INSTANCE;
        }
    }
}
