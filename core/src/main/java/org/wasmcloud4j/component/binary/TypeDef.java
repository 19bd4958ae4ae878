package org.wasmcloud4j.component.binary;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A type definition ({@code deftype}) of a type section or a type declaration: a defined value type, a function
 * type, a component type, an instance type or a resource type. Each carries the byte offset of its opcode.
 */
public sealed interface TypeDef extends Decl
        permits TypeDef.PrimitiveDef, TypeDef.RecordType, TypeDef.VariantType, TypeDef.ListType,
        TypeDef.TupleType, TypeDef.FlagsType, TypeDef.EnumType, TypeDef.OptionType, TypeDef.ResultType,
        TypeDef.OwnType, TypeDef.BorrowType, TypeDef.StreamType, TypeDef.FutureType, TypeDef.FuncType,
        TypeDef.ComponentType, TypeDef.InstanceType, TypeDef.ResourceType {

    /**
     * A labelled value type: a record field or a function parameter ({@code labelvaltype}).
     *
     * @param name the label
     * @param type the type
     */
    record Field(String name, ValTypeRef type) {
        /** Checks nulls. */
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A variant case.
     *
     * @param name the label
     * @param type the payload type, if any
     */
    record Case(String name, Optional<ValTypeRef> type) {
        /** Checks nulls. */
        public Case {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A primitive type used as a type definition.
     *
     * @param offset byte offset
     * @param type the primitive
     */
    record PrimitiveDef(long offset, PrimitiveType type) implements TypeDef {
        /** Checks nulls. */
        public PrimitiveDef {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * {@code (record (field l t)*)}.
     *
     * @param offset byte offset
     * @param fields fields in order
     */
    record RecordType(long offset, List<Field> fields) implements TypeDef {
        /** Copies the list. */
        public RecordType {
            fields = List.copyOf(fields);
        }
    }

    /**
     * {@code (variant (case l t?)*)}.
     *
     * @param offset byte offset
     * @param cases cases in order
     */
    record VariantType(long offset, List<Case> cases) implements TypeDef {
        /** Copies the list. */
        public VariantType {
            cases = List.copyOf(cases);
        }
    }

    /**
     * {@code (list t)}.
     *
     * @param offset byte offset
     * @param element element type
     */
    record ListType(long offset, ValTypeRef element) implements TypeDef {
        /** Checks nulls. */
        public ListType {
            Objects.requireNonNull(element, "element");
        }
    }

    /**
     * {@code (tuple t*)}.
     *
     * @param offset byte offset
     * @param types element types
     */
    record TupleType(long offset, List<ValTypeRef> types) implements TypeDef {
        /** Copies the list. */
        public TupleType {
            types = List.copyOf(types);
        }
    }

    /**
     * {@code (flags l*)}.
     *
     * @param offset byte offset
     * @param names flag names in order
     */
    record FlagsType(long offset, List<String> names) implements TypeDef {
        /** Copies the list. */
        public FlagsType {
            names = List.copyOf(names);
        }
    }

    /**
     * {@code (enum l*)}.
     *
     * @param offset byte offset
     * @param names case names in order
     */
    record EnumType(long offset, List<String> names) implements TypeDef {
        /** Copies the list. */
        public EnumType {
            names = List.copyOf(names);
        }
    }

    /**
     * {@code (option t)}.
     *
     * @param offset byte offset
     * @param type payload type
     */
    record OptionType(long offset, ValTypeRef type) implements TypeDef {
        /** Checks nulls. */
        public OptionType {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * {@code (result t? (error u)?)}.
     *
     * @param offset byte offset
     * @param ok success payload, if any
     * @param error error payload, if any
     */
    record ResultType(long offset, Optional<ValTypeRef> ok, Optional<ValTypeRef> error) implements TypeDef {
        /** Checks nulls. */
        public ResultType {
            Objects.requireNonNull(ok, "ok");
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * {@code (own i)}.
     *
     * @param offset byte offset
     * @param resourceTypeIndex type index of a resource type
     */
    record OwnType(long offset, int resourceTypeIndex) implements TypeDef {
    }

    /**
     * {@code (borrow i)}.
     *
     * @param offset byte offset
     * @param resourceTypeIndex type index of a resource type
     */
    record BorrowType(long offset, int resourceTypeIndex) implements TypeDef {
    }

    /**
     * {@code (stream t?)}: async-era; decoded and marked, not supported by the runtime.
     *
     * @param offset byte offset
     * @param element element type, if any
     */
    record StreamType(long offset, Optional<ValTypeRef> element) implements TypeDef {
        /** Checks nulls. */
        public StreamType {
            Objects.requireNonNull(element, "element");
        }
    }

    /**
     * {@code (future t?)}: async-era; decoded and marked, not supported by the runtime.
     *
     * @param offset byte offset
     * @param element payload type, if any
     */
    record FutureType(long offset, Optional<ValTypeRef> element) implements TypeDef {
        /** Checks nulls. */
        public FutureType {
            Objects.requireNonNull(element, "element");
        }
    }

    /**
     * {@code (func async? (param l t)* (result t)?)}.
     *
     * @param offset byte offset
     * @param async whether this is an async function type (0x43; async-era, marked)
     * @param params parameters in order
     * @param result the result type, if any
     */
    record FuncType(long offset, boolean async, List<Field> params, Optional<ValTypeRef> result)
            implements TypeDef {
        /** Copies the list. */
        public FuncType {
            params = List.copyOf(params);
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * {@code (component decl*)}.
     *
     * @param offset byte offset
     * @param decls declarations in order
     */
    record ComponentType(long offset, List<Decl> decls) implements TypeDef {
        /** Copies the list. */
        public ComponentType {
            decls = List.copyOf(decls);
        }
    }

    /**
     * {@code (instance decl*)}; never contains an {@link ImportDef}.
     *
     * @param offset byte offset
     * @param decls declarations in order
     */
    record InstanceType(long offset, List<Decl> decls) implements TypeDef {
        /** Copies the list and checks that it has no imports. */
        public InstanceType {
            decls = List.copyOf(decls);
            for (Decl d : decls) {
                if (d instanceof ImportDef) {
                    throw new IllegalArgumentException("instance types cannot declare imports");
                }
            }
        }
    }

    /**
     * {@code (resource (rep t) (dtor f)?)}.
     *
     * @param offset byte offset
     * @param rep the core representation type
     * @param destructor core function index of the destructor, if any
     */
    record ResourceType(long offset, CoreValType rep, OptionalInt destructor) implements TypeDef {
        /** Checks nulls. */
        public ResourceType {
            Objects.requireNonNull(rep, "rep");
            Objects.requireNonNull(destructor, "destructor");
        }
    }
}
