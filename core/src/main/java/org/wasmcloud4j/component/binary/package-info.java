/**
 * Component Model binary format: bytes in, decoded sections out, with byte offsets kept for error messages.
 */
package org.wasmcloud4j.component.binary;
