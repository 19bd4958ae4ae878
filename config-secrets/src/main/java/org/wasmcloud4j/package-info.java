/** wasmcloud4j: {@link org.wasmcloud4j.Wasmcloud4jException}, the root of its exceptions. */
package org.wasmcloud4j;
