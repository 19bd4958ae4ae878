package org.wasmcloud4j.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretExceptionTest {
    @Test
    void everyWasmCloudVariantHasItsWireName() {
        assertThat(SecretException.Reason.values()).extracting(SecretException.Reason::wireName)
                .containsExactly("SecretNotFound", "UpstreamError", "InvalidEntityJWT", "InvalidHostJWT",
                        "InvalidXKey", "EncryptionError", "DecryptionError", "Unauthorized", "InvalidRequest",
                        "InvalidPayload", "InvalidHeaders", "PolicyError", "Other");
        for (SecretException.Reason r : SecretException.Reason.values()) {
            assertThat(SecretException.Reason.fromWireName(r.wireName())).contains(r);
        }
        assertThat(SecretException.Reason.fromWireName("Nope")).isEmpty();
        assertThat(SecretException.Reason.values()).filteredOn(SecretException.Reason::carriesDetail)
                .containsExactly(SecretException.Reason.UPSTREAM_ERROR, SecretException.Reason.INVALID_ENTITY_JWT,
                        SecretException.Reason.INVALID_HOST_JWT, SecretException.Reason.POLICY_ERROR,
                        SecretException.Reason.OTHER);
    }

    @Test
    void theMessageNamesBackendReferenceAndReason() {
        SecretException e = new SecretException(SecretException.Reason.POLICY_ERROR, "vault", "db", "denied");
        assertThat(e).hasMessage("secret 'db' from backend 'vault': PolicyError: denied");
        assertThat(e.withReference("other")).isSameAs(e);
        SecretException anonymous = new SecretException(SecretException.Reason.SECRET_NOT_FOUND, "vault", null, null);
        assertThat(anonymous).hasMessage("secret from backend 'vault': SecretNotFound");
        assertThat(anonymous.withReference("db").reference()).contains("db");
    }

    @Test
    void aSerializedErrorFromABackendCarriesNoSecretValue() throws Exception {
        String secret = "s3cr3t-value-xyz";
        SecretsBackend backend = EnvironmentSecretsBackend.of("env", "P_", java.util.Map.of("P_A", secret));
        try (SecretValue v = backend.get(SecretRequest.builder("a").build())) {
            assertThat(v.asString()).isEqualTo(secret);
        }
        SecretException e = org.assertj.core.api.Assertions.catchThrowableOfType(SecretException.class,
                () -> backend.get(SecretRequest.builder("a").version("2").referenceName("ref").build()));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(sink)) {
            out.writeObject(e);
        }
        assertThat(sink.toString(StandardCharsets.ISO_8859_1)).doesNotContain(secret).contains("ref");
        assertThat(e.getMessage()).doesNotContain(secret);
    }
}
