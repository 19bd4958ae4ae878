package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;

/** Calls of the {@code wat-http-api} component's re-exported {@code wasi:http} types (component id {@code api}). */
final class HttpApiCalls {
    private HttpApiCalls() {}

    /** Invokes {@code fn} of {@code http-types} on component {@code api} of {@code host}. */
    static Value http(Host host, String fn, Value... args) {
        return host.invoke("api", "http-types", fn, List.of(args)).orElse(null);
    }

    /** The payload of {@code r}, which must be an ok result. */
    static Value ok(Value r) {
        Value.ResultValue result = (Value.ResultValue) r;
        assertThat(result.isOk()).as("%s", r).isTrue();
        return result.payload().orElse(null);
    }

    static Value some(Value v) {
        return new Value.OptionValue(Optional.of(v));
    }

    static Value none() {
        return new Value.OptionValue(Optional.empty());
    }
}
