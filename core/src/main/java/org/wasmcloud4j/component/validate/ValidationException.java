package org.wasmcloud4j.component.validate;

import org.wasmcloud4j.component.binary.DecodeException;

/**
 * A well-formed component binary breaks a validation rule of the Component Model (an index out of range, a type
 * mismatch, a missing canonical option, a bad name...). Names the rule, the item and the byte offset.
 */
public class ValidationException extends DecodeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param offset byte offset of the offending item in the input
     * @param message which rule is broken and by what
     */
    public ValidationException(long offset, String message) {
        super(offset, message);
    }

    /**
     * @param offset byte offset of the offending item in the input
     * @param message which rule is broken and by what
     * @param cause the failure of a lower layer (for example Chicory's validator) that this exception reports
     */
    public ValidationException(long offset, String message, Throwable cause) {
        super(offset, message, cause);
    }
}
