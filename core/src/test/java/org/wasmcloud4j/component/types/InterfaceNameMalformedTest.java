package org.wasmcloud4j.component.types;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Malformed interface names (as a mutated component binary can carry) are an IllegalArgumentException. */
class InterfaceNameMalformedTest {
    @Test
    void versionBeforeTheSlashIsRefusedNotAnIndexError() {
        // was StringIndexOutOfBoundsException: the body cut at '@' was shorter than the slash position
        assertThatThrownBy(() -> InterfaceName.parse("a:b@1.0.0/c")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ns:pkg/iface[@version]");
        assertThatThrownBy(() -> InterfaceName.parse("wasi:io@/streams")).isInstanceOf(IllegalArgumentException.class);
    }
}
