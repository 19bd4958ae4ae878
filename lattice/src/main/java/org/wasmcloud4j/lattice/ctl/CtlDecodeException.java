package org.wasmcloud4j.lattice.ctl;

/**
 * A control-interface payload (request, reply or event) that is not valid: not JSON, a field of the wrong JSON
 * type, a required field missing, or an id that is not a single NATS subject token. {@link #field()} is the path
 * of the offending field in the JSON ({@code "count"}, {@code "components[2].id"}; empty for the whole payload)
 * and the message names it, so a host can answer {@code success:false} with this message as it is.
 */
public final class CtlDecodeException extends CtlException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the JSON path of the offending field, empty for the whole payload
     * @param message the full message (it names {@code field})
     */
    public CtlDecodeException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The JSON path of the offending field ({@code "links[0].source_id"}), empty for the whole payload. */
    public String field() {
        return field;
    }
}
