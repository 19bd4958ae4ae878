/**
 * The component runtime on Chicory: engine, compiled components, linker, pre-instances, instances and functions.
 */
package org.wasmcloud4j.component.runtime;
