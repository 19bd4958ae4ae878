package org.wasmcloud4j.wasi;

/** A guest called {@code wasi:cli/exit.exit}: the invocation ends with {@link #code()}. */
public final class WasiExit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    WasiExit(int code) {
        super("the guest exited with code " + code, null, false, false);
        this.code = code;
    }

    /** The exit code: 0 for {@code ok}, 1 for {@code err}. */
    public int code() {
        return code;
    }
}
