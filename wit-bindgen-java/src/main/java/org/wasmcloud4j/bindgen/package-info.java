/**
 * WIT to Java code generation: naming, type mapping and source emission.
 */
package org.wasmcloud4j.bindgen;
