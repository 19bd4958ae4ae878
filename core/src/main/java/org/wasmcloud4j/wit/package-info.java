/**
 * WIT: parse and resolve WIT text ({@link org.wasmcloud4j.wit.WitLoader}) into the shared type model, and print the
 * model back as WIT ({@link org.wasmcloud4j.wit.WitPrinter}), including the full WIT of any decoded component.
 */
package org.wasmcloud4j.wit;
