package org.wasmcloud4j.wit;

/**
 * Invalid WIT: a syntax error, an unresolved or duplicate name, a cycle, or an unsupported construct. The message
 * names the source, line and column where the problem is ({@code world.wit:12:5: ...}).
 */
public final class WitException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;

    WitException(String source, int line, int column, String message) {
        super(source + ":" + line + ":" + column + ": " + message);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    WitException(String message) {
        super(message);
        this.source = "";
        this.line = 0;
        this.column = 0;
    }

    /** The name of the source (a file path or a caller-chosen name); empty when the error is not at one place. */
    public String source() {
        return source;
    }

    /** The 1-based line, or 0 when the error is not at one place. */
    public int line() {
        return line;
    }

    /** The 1-based column (in UTF-16 units), or 0 when the error is not at one place. */
    public int column() {
        return column;
    }
}
