/**
 * Component validation: index spaces, type checking of every section, canonical option rules, names; and the
 * subtyping used to match imports.
 */
package org.wasmcloud4j.component.validate;
