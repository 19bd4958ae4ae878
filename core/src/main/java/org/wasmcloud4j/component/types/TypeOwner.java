package org.wasmcloud4j.component.types;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a named type is defined: an interface with a package name, a world, or a scope without a package (an
 * inline interface, or a component-local type found in a binary).
 */
public sealed interface TypeOwner {
    /** A type of the named interface {@code ns:pkg/iface@version}. */
    record Interface(InterfaceName interfaceName) implements TypeOwner {
        /** @param interfaceName the owning interface */
        public Interface {
            Objects.requireNonNull(interfaceName, "interfaceName");
        }

        @Override
        public String toString() {
            return interfaceName.toString();
        }
    }

    /** A type defined directly in a world. */
    record World(Optional<PackageName> packageName, String world) implements TypeOwner {
        /**
         * The world of a decoded component, as WIT tooling names it: world {@code root} of package
         * {@code root:component}. Types a component imports or exports at its top level have this owner.
         */
        public static final World COMPONENT_ROOT = new World(Optional.of(PackageName.of("root", "component")), "root");

        /**
         * @param packageName the package of the world, if known
         * @param world the world name
         */
        public World {
            Objects.requireNonNull(packageName, "packageName");
            Objects.requireNonNull(world, "world");
        }

        @Override
        public String toString() {
            return packageName.map(p -> p.withoutVersion() + "/" + world + p.version().map(v -> "@" + v).orElse(""))
                    .orElse(world);
        }
    }

    /** A type of an unnamed scope, identified by a path such as {@code "export foo"} or {@code "component#3"}. */
    record Local(String scope) implements TypeOwner {
        /** @param scope a description of the scope, unique within its component or document */
        public Local {
            Objects.requireNonNull(scope, "scope");
        }

        @Override
        public String toString() {
            return scope;
        }
    }

    /** The interface name, when this is an interface owner. */
    default Optional<InterfaceName> asInterface() {
        return this instanceof Interface i ? Optional.of(i.interfaceName()) : Optional.empty();
    }
}
