package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.lattice.Link;

/** Metrics and spans with wasmCloud's names, on an OpenTelemetry SDK that records in memory. */
class HostTelemetryTest {
    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    private static final String HOP = "example:relay/hop@0.1.0";

    @Test
    void invocationsAreCountedTimedAndTracedWithLinkedCallsAsChildSpans() {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).openTelemetry(OTEL.getOpenTelemetry())
                .lattice("metrics").build()) {
            h.startComponent("leaf", "classpath:org/wasmcloud4j/fixtures/wat-leaf.component.wasm", 1);
            h.startComponent("relay", "classpath:org/wasmcloud4j/fixtures/wat-relay.component.wasm", 1);
            h.putLink(Link.of("relay", "leaf", "example:relay", "hop"));
            assertThat(h.invoke("relay", HOP, "hop", List.of(new Value.Str("t"))).orElseThrow())
                    .isEqualTo(new Value.Str("r:leaf(t)"));
            assertThatThrownBy(() -> h.invoke("leaf", HOP, "nope", List.of())).isInstanceOf(HostException.class);

            List<SpanData> spans = OTEL.getSpans();
            SpanData outer = spans.stream().filter(s -> s.getAttributes().get(HostTelemetry.COMPONENT_ID)
                    .equals("relay")).findFirst().orElseThrow();
            SpanData inner = spans.stream().filter(s -> s.getAttributes().get(HostTelemetry.COMPONENT_ID)
                    .equals("leaf") && s.getStatus().getStatusCode() == StatusCode.OK).findFirst().orElseThrow();
            assertThat(outer.getName()).isEqualTo(HOP + "/hop");
            assertThat(inner.getParentSpanId()).isEqualTo(outer.getSpanId());
            assertThat(inner.getTraceId()).isEqualTo(outer.getTraceId());
            assertThat(outer.getAttributes().get(HostTelemetry.LATTICE)).isEqualTo("metrics");
            assertThat(outer.getAttributes().get(HostTelemetry.HOST)).isEqualTo(h.hostId());
            assertThat(spans).anySatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));

            List<MetricData> metrics = OTEL.getMetrics();
            assertThat(sum(metrics, "wasmcloud_host.component.invocations")).isEqualTo(3);
            assertThat(sum(metrics, "wasmcloud_host.component.invocation.errors")).isEqualTo(1);
            assertThat(metrics).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo("wasmcloud_host.handle_rpc_message.duration");
                assertThat(m.getUnit()).isEqualTo("ns");
                assertThat(m.getInstrumentationScopeInfo().getName()).isEqualTo("wasmcloud-host");
            });
            assertThat(metrics).anySatisfy(m -> assertThat(m.getName())
                    .isEqualTo("wasmcloud_host.component.active_instances"));
        }
    }


    private static long sum(List<MetricData> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getLongSumData().getPoints().stream()).mapToLong(p -> p.getValue()).sum();
    }
}
