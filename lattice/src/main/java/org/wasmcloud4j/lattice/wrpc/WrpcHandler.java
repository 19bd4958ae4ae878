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

    /**
     * A handler that reads pending stream and future params and writes pending stream and future results as they
     * flow, instead of getting and returning whole values (for bodies too large to hold, such as HTTP bodies).
     * If it returns without {@link WrpcServerCall#sendResults sending results}, or throws before, the results end
     * early (EOF); if it throws after, every stream and future still owed is aborted (the peer sees a truncated
     * stream). Streams it leaves open when returning normally are closed (their end chunk sent); futures it leaves
     * unwritten are aborted.
     */
    @FunctionalInterface
    interface Streaming {
        /**
         * @param call the call: its params and headers, readers of its pending params, writers of its results
         * @throws Exception on failure
         */
        void handle(WrpcServerCall call) throws Exception;
    }
}
