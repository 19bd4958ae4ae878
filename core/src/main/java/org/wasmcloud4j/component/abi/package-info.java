/**
 * The canonical ABI: memory layout, flattening and core signatures of component types; lifting and lowering of
 * values between linear memory and Java.
 */
package org.wasmcloud4j.component.abi;
