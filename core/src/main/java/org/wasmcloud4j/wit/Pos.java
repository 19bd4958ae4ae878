package org.wasmcloud4j.wit;

/** A place in a WIT source, for error messages. */
record Pos(String source, int line, int column) {
    WitException error(String message) {
        return new WitException(source, line, column, message);
    }
}
