package org.wasmcloud4j.component.types;

/** A named type exported by an interface or world: a named value type or a resource. */
public sealed interface TypeDefinition permits NamedType, ResourceType {
    /** Where the name is defined. */
    TypeOwner owner();

    /** The WIT name. */
    String name();
}
