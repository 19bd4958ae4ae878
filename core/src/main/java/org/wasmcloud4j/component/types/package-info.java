/**
 * The one component-model type model: value types, function, interface (instance), component and world types,
 * resources, and versioned package and interface names with semver import matching.
 *
 * <p>Every type is an immutable value; structural equality is what type checking, the canonical ABI and the WIT
 * round trip rely on.
 */
package org.wasmcloud4j.component.types;
