/**
 * Dynamic component values ({@link org.wasmcloud4j.component.value.Value}), their type checks and Java
 * conversions, and the WAVE text format.
 */
package org.wasmcloud4j.component.value;
