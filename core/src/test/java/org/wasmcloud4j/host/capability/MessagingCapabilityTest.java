package org.wasmcloud4j.host.capability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Subject matching of {@code wasmcloud:messaging} subscriptions, as NATS matches wildcards. */
class MessagingCapabilityTest {
    @Test
    void natsWildcards() {
        assertThat(MessagingCapability.matches("a.*.c", "a.b.c")).isTrue();
        assertThat(MessagingCapability.matches("a.*.c", "a.b.d")).isFalse();
        assertThat(MessagingCapability.matches("a.>", "a.b.c")).isTrue();
        assertThat(MessagingCapability.matches("a.>", "a")).isFalse();
        assertThat(MessagingCapability.matches("a.b", "a.b.c")).isFalse();
        assertThat(MessagingCapability.matches("a.b.c", "a.b.c")).isTrue();
        assertThat(MessagingCapability.matches("*", "a")).isTrue();
    }
}
