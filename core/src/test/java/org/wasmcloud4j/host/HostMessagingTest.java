package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.lattice.Link;

/** In-process wasmcloud:messaging: subscriptions, publish and request/reply with the wat-echo-handler component. */
class HostMessagingTest {
    private static final String ECHO = "classpath:org/wasmcloud4j/fixtures/wat-echo-handler.component.wasm";

    @Test
    void requestsReachSubscribedComponentsAndTheirRepliesComeBack() {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).build()) {
            h.startComponent("echo", ECHO, 4);
            h.subscribe("echo", "echo.*");
            byte[] reply = h.request("echo.hi", "hello".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
            assertThat("request(\"echo.hi\", \"hello\") -> \"" + new String(reply, StandardCharsets.UTF_8) + "\"\n")
                    .isEqualTo(Fixtures.text("wat-echo-handler.component.expected-responses.txt").orElseThrow());
            // no subscriber for this subject: the request times out with the subject named
            assertThatThrownBy(() -> h.request("other.hi", new byte[0], Duration.ofMillis(200)))
                    .isInstanceOf(HostException.class).hasMessageContaining("other.hi");
            h.unsubscribe("echo", "echo.*");
            assertThatThrownBy(() -> h.request("echo.hi", new byte[0], Duration.ofMillis(200)))
                    .isInstanceOf(HostException.class).hasMessageContaining("no reply");
        }
    }

    /** As with wasmCloud's messaging provider: a handler link's source config {@code subscriptions} subscribes. */
    @Test
    void aHandlerLinkSubscribesTheTargetToTheSubjectsOfItsSourceConfig() {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).build()) {
            h.startComponent("echo", ECHO, 4);
            h.putConfig("subs", java.util.Map.of("subscriptions", "echo.a, echo.b|workers,"));
            h.putLink(new Link("messaging", "echo", "default", "wasmcloud", "messaging", java.util.List.of("handler"),
                    java.util.List.of("subs"), java.util.List.of()));
            for (String subject : new String[] {"echo.a", "echo.b"}) {
                assertThat(h.request(subject, subject.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10)))
                        .asString(StandardCharsets.UTF_8).isEqualTo(subject);
            }
            assertThatThrownBy(() -> h.request("echo.c", new byte[0], Duration.ofMillis(200)))
                    .isInstanceOf(HostException.class);
            h.deleteLink("messaging", "default", "wasmcloud", "messaging");
            assertThatThrownBy(() -> h.request("echo.a", new byte[0], Duration.ofMillis(200)))
                    .isInstanceOf(HostException.class).hasMessageContaining("no reply");
        }
    }
}
