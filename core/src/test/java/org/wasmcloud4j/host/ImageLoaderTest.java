package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.host.oci.OciClient;
import org.wasmcloud4j.host.oci.RegistryCredential;
import org.wasmcloud4j.host.oci.RegistryException;

/** {@link ImageLoader}: the OCI client is made only when a registry reference needs it, and then once. */
class ImageLoaderTest {
    @Test
    void theOciClientIsMadeAtTheFirstRegistryReferenceOnly() {
        AtomicInteger made = new AtomicInteger();
        ImageLoader images = new ImageLoader(getClass().getClassLoader(), 64 << 20, false, () -> {
            made.incrementAndGet();
            return OciClient.builder().noCache().build();
        });
        images.putCredentials(Map.of("127.0.0.1:1", RegistryCredential.basic("u", "p")));
        assertThat(images.load("classpath:org/wasmcloud4j/fixtures/wat-hello.component.wasm")).isNotEmpty();
        assertThat(made).hasValue(0);   // a class-path image needs no OCI client

        // nothing listens on port 1: the pull fails, but only after the client was made, once
        assertThatThrownBy(() -> images.load("127.0.0.1:1/none:1")).isInstanceOf(RegistryException.class);
        assertThatThrownBy(() -> images.load("127.0.0.1:1/none:2")).isInstanceOf(RegistryException.class);
        assertThat(made).hasValue(1);
        images.putCredentials(Map.of("127.0.0.1:2", RegistryCredential.basic("u", "p")));
        assertThat(images.registries()).isNotNull();
        assertThat(made).hasValue(1);
    }
}
