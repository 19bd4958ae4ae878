package org.wasmcloud4j.wit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.types.PackageName;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.SemVer;

/** The syntax tree of WIT files, as parsed and before names are resolved. */
final class WitAst {
    private WitAst() {}

    /** {@code @since}, {@code @unstable} and {@code @deprecated} on one item. */
    record Gate(Optional<SemVer> since, Optional<String> unstable, Optional<SemVer> deprecated) {
        static final Gate NONE = new Gate(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Documentation, gate and place shared by every item. */
    record Meta(String docs, Gate gate, Pos pos) {}

    /** An interface reference: a bare name in scope, or {@code ns:pkg/iface@ver}. */
    sealed interface UsePath {
        Pos pos();
    }

    record LocalPath(String name, Pos pos) implements UsePath {}

    record QualifiedPath(PackageName packageName, String name, Pos pos) implements UsePath {}

    /** One parsed file, or the body of one nested {@code package ... { }} block. */
    record PackageBody(Optional<PackageName> name, Pos pos, List<TopUse> uses, List<InterfaceDef> interfaces,
            List<WorldDef> worlds, boolean nested) {}

    record File(String source, List<PackageBody> bodies) {}

    record TopUse(UsePath path, String as, Pos pos) {}

    record InterfaceDef(String name, Meta meta, List<InterfaceItem> items) {}

    sealed interface InterfaceItem {
        Meta meta();
    }

    record UseItem(UsePath path, List<UseName> names, Meta meta) implements InterfaceItem, WorldItem {}

    record UseName(String name, String as, Pos pos) {}

    record TypeItem(String name, TypeBody body, Meta meta) implements InterfaceItem, WorldItem {}

    record FuncItem(String name, Signature signature, Meta meta) implements InterfaceItem {}

    sealed interface TypeBody {}

    record AliasBody(TypeRef type) implements TypeBody {}

    record RecordBody(List<Field> fields) implements TypeBody {}

    record Field(String name, TypeRef type, String docs, Pos pos) {}

    record VariantBody(List<Case> cases) implements TypeBody {}

    record Case(String name, Optional<TypeRef> type, String docs, Pos pos) {}

    record EnumBody(List<Case> cases) implements TypeBody {}

    record FlagsBody(List<Case> flags) implements TypeBody {}

    record ResourceBody(List<ResourceFunc> functions) implements TypeBody {}

    enum FuncKind { CONSTRUCTOR, METHOD, STATIC }

    record ResourceFunc(FuncKind kind, String name, Signature signature, Meta meta) {}

    record Signature(List<Param> params, Optional<TypeRef> result, Pos pos) {}

    record Param(String name, TypeRef type, Pos pos) {}

    sealed interface TypeRef {
        Pos pos();
    }

    record PrimRef(PrimitiveType type, Pos pos) implements TypeRef {}

    record NameRef(String name, Pos pos) implements TypeRef {}

    record HandleRef(String name, boolean borrow, Pos pos) implements TypeRef {}

    record ListRef(TypeRef element, Pos pos) implements TypeRef {}

    record OptionRef(TypeRef some, Pos pos) implements TypeRef {}

    record ResultRef(Optional<TypeRef> ok, Optional<TypeRef> err, Pos pos) implements TypeRef {}

    record TupleRef(List<TypeRef> elements, Pos pos) implements TypeRef {}

    /** {@code stream<T>} / {@code future<T>} ({@code future} is {@code true}), element optional. */
    record AsyncRef(boolean future, Optional<TypeRef> element, Pos pos) implements TypeRef {}

    record WorldDef(String name, Meta meta, List<WorldItem> items) {}

    sealed interface WorldItem {
        Meta meta();
    }

    /** {@code import/export name: func...}, {@code name: interface {...}}, {@code name: path} or {@code path}. */
    record ExternItem(boolean export, Optional<String> label, Extern extern, Meta meta) implements WorldItem {}

    sealed interface Extern {}

    record FuncExtern(Signature signature) implements Extern {}

    record InlineInterface(List<InterfaceItem> items) implements Extern {}

    record PathExtern(UsePath path) implements Extern {}

    record IncludeItem(UsePath world, Map<String, String> with, Meta meta) implements WorldItem {}
}
