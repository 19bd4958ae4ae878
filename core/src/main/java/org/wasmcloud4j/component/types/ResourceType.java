package org.wasmcloud4j.component.types;

import java.util.Objects;

/**
 * A resource type. Resources are nominal: two resource types are the same when they have the same owner and name.
 * Values never have a resource type directly; they hold {@link HandleType handles} to it.
 */
public record ResourceType(TypeOwner owner, String name) implements TypeDefinition {
    /**
     * @param owner the interface, world or component that defines it
     * @param name the WIT name
     */
    public ResourceType {
        Objects.requireNonNull(owner, "owner");
        Labels.requireLabel("resource", name);
    }

    @Override
    public String toString() {
        return "resource " + owner + "." + name;
    }
}
