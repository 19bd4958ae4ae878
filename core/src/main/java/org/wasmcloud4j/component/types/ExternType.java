package org.wasmcloud4j.component.types;

/**
 * The type of something a component imports or exports: a function, an instance (an interface), a component, a core
 * module, or a type.
 */
public sealed interface ExternType permits FuncType, InterfaceType, ComponentType, CoreModuleType, TypeExtern {
}
