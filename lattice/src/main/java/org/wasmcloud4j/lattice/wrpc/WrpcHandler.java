package org.wasmcloud4j.lattice.wrpc;

import java.util.List;
import java.util.Map;
import org.wasmcloud4j.component.value.Value;

/**
 * Serves one WIT function over wRPC: gets the decoded params (pending streams and futures already received) and
 * returns the results (none or one value, as the function's type says). An exception ends the call the way wRPC
 * peers expect: the results channel is closed early (EOF), and the failure is logged.
 */
@FunctionalInterface
public interface WrpcHandler {
    /**
     * @param params the params, checked against the registered type
     * @return the results
     * @throws Exception on failure (the caller sees the results end early)
     */
    List<Value> handle(List<Value> params) throws Exception;

    /** A handler that also gets the invocation's headers ({@code source-id}, {@code link-name}, ...). */
    @FunctionalInterface
    interface WithHeaders {
        /**
         * @param params the params
         * @param headers the invocation message's headers (first value of each), empty if none
         * @return the results
         * @throws Exception on failure
         */
        List<Value> handle(List<Value> params, Map<String, String> headers) throws Exception;
    }
}
