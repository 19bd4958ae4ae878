package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Core carries no HTTP server (wasmcloud4j-http-server has it and its tests): serveHttp names the artifact. */
class HostHttpServerMissingTest {
    @Test
    void serveHttpWithoutAServerOnTheClassPathNamesTheArtifactToAdd() {
        try (Host h = Host.builder().build()) {
            assertThatThrownBy(() -> h.serveHttp(new InetSocketAddress("127.0.0.1", 0)))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("org.wasmcloud4j:wasmcloud4j-http-server");
        }
    }
}
