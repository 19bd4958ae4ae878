package org.wasmcloud4j.host;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * The host's OpenTelemetry instruments, with wasmCloud's names: meter and tracer {@code wasmcloud-host};
 * {@code wasmcloud_host.component.invocations}, {@code …invocation.errors},
 * {@code …component.active_instances} and the invocation duration histogram
 * {@code wasmcloud_host.handle_rpc_message.duration} (nanoseconds), with the attributes {@code component.ref},
 * {@code component.id}, {@code lattice}, {@code host} and {@code operation} ({@code <interface>/<function>}).
 * Each invocation is a span made current while it runs, so linked invocations become its children (W3C trace
 * context within the JVM); an HTTP request's W3C {@code traceparent} is the parent of the span of the invocation that
 * serves it. With no SDK installed everything is a no-op.
 */
final class HostTelemetry {
    static final AttributeKey<String> COMPONENT_REF = AttributeKey.stringKey("component.ref");
    static final AttributeKey<String> COMPONENT_ID = AttributeKey.stringKey("component.id");
    static final AttributeKey<String> LATTICE = AttributeKey.stringKey("lattice");
    static final AttributeKey<String> HOST = AttributeKey.stringKey("host");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");

    private final Tracer tracer;
    private final LongCounter invocations;
    private final LongCounter errors;
    private final LongUpDownCounter active;
    private final LongHistogram duration;
    private final String hostId;
    private final String lattice;
    /** No SDK behind the API (no-op meters and tracers): invocations skip all of it. */
    private final boolean off;

    HostTelemetry(OpenTelemetry otel, String hostId, String lattice, String version) {
        OpenTelemetry o = otel != null ? otel : GlobalOpenTelemetry.get();
        this.off = o.getMeterProvider() == io.opentelemetry.api.metrics.MeterProvider.noop()
                && o.getTracerProvider() == io.opentelemetry.api.trace.TracerProvider.noop();
        Meter meter = o.meterBuilder("wasmcloud-host").setInstrumentationVersion(version).build();
        this.tracer = o.tracerBuilder("wasmcloud-host").setInstrumentationVersion(version).build();
        this.invocations = meter.counterBuilder("wasmcloud_host.component.invocations")
                .setDescription("component invocations").build();
        this.errors = meter.counterBuilder("wasmcloud_host.component.invocation.errors")
                .setDescription("component invocations that failed").build();
        this.active = meter.upDownCounterBuilder("wasmcloud_host.component.active_instances")
                .setDescription("component instances running an invocation").build();
        this.duration = meter.histogramBuilder("wasmcloud_host.handle_rpc_message.duration").ofLongs()
                .setUnit("ns").setDescription("time to handle an invocation").build();
        this.hostId = hostId;
        this.lattice = lattice;
    }

    private static final io.opentelemetry.context.propagation.TextMapGetter<org.wasmcloud4j.http.HttpRequestHead>
            REQUEST_HEADERS = new io.opentelemetry.context.propagation.TextMapGetter<>() {
                @Override
                public Iterable<String> keys(org.wasmcloud4j.http.HttpRequestHead carrier) {
                    return carrier.headers().stream().map(java.util.Map.Entry::getKey).distinct()
                            .collect(java.util.stream.Collectors.toList());
                }

                @Override
                public String get(org.wasmcloud4j.http.HttpRequestHead carrier, String key) {
                    return carrier == null ? null
                            : carrier.header(key.toLowerCase(java.util.Locale.ROOT));
                }
            };

    /**
     * The context an incoming HTTP request carries in its W3C {@code traceparent}/{@code tracestate} headers (the
     * current context when it has none or they are malformed).
     */
    static io.opentelemetry.context.Context remoteParent(org.wasmcloud4j.http.HttpRequestHead head) {
        return io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance()
                .extract(io.opentelemetry.context.Context.current(), head, REQUEST_HEADERS);
    }

    /** What an invocation records with no SDK installed: nothing. */
    private final Invocation nothing = new Invocation();

    /** One invocation: counted, timed and traced; close it when the call ends. */
    final class Invocation implements AutoCloseable {
        private final Attributes attributes;
        private final Span span;
        private final Scope scope;
        private final long start;
        private boolean failed;

        /** The invocation that records nothing. */
        private Invocation() {
            this.attributes = null;
            this.span = null;
            this.scope = null;
            this.start = 0;
        }

        private Invocation(Attributes attributes, String operation) {
            this.start = System.nanoTime();
            this.attributes = attributes;
            this.span = tracer.spanBuilder(operation).setAllAttributes(attributes).startSpan();
            // an invalid span (no SDK, no incoming trace) has nothing to pass on to nested calls
            this.scope = span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop();
            invocations.add(1, attributes);
            active.add(1, attributes);
        }

        void failed(Throwable e) {
            if (attributes == null) {
                return;
            }
            failed = true;
            errors.add(1, attributes);
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
        }

        @Override
        public void close() {
            if (attributes == null) {
                return;
            }
            duration.record(System.nanoTime() - start, attributes);
            active.add(-1, attributes);
            scope.close();
            if (!failed) {
                span.setStatus(StatusCode.OK);
            }
            span.end();
        }
    }

    /** The attributes of one operation of one image of one component, made once. */
    private record Operation(String componentId, String ref, String interfaceName, String function) {}

    private final java.util.Map<Operation, Attributes> attributes = new java.util.concurrent.ConcurrentHashMap<>();

    Invocation start(String componentId, String ref, String interfaceName, String function) {
        if (off) {
            return nothing;
        }
        Operation op = new Operation(componentId, ref, interfaceName, function);
        Attributes a = attributes.get(op);
        if (a == null) {
            if (attributes.size() > 100_000) {
                attributes.clear();   // bounded: ids, images and function names come from callers
            }
            a = attributes.computeIfAbsent(op, o -> Attributes.of(COMPONENT_REF, ref, COMPONENT_ID, componentId,
                    LATTICE, lattice, HOST, hostId, OPERATION, (interfaceName == null ? "" : interfaceName) + "/"
                    + function));
        }
        return new Invocation(a, a.get(OPERATION));
    }
}
