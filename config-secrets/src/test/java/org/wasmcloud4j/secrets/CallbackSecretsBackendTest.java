package org.wasmcloud4j.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CallbackSecretsBackendTest {
    private final SecretReference ref = SecretReference.of("db", "cb", "db-key", "user", "4",
            SecretPolicy.of(java.util.Map.of("app", "a1")));

    @Test
    void theFunctionSeesTheWholeRequest() {
        AtomicReference<SecretRequest> seen = new AtomicReference<>();
        SecretsBackend b = SecretsBackend.callback("cb", r -> {
            seen.set(r);
            return SecretValue.ofString("v", "4");
        });
        SecretContext ctx = SecretContext.of("entity.jwt", "host.jwt", "app", "{}");
        assertThat(b.get(SecretRequest.forReference(ref, ctx)).version()).contains("4");
        SecretRequest r = seen.get();
        assertThat(r.key()).isEqualTo("db-key");
        assertThat(r.field()).contains("user");
        assertThat(r.version()).contains("4");
        assertThat(r.referenceName()).contains("db");
        assertThat(r.context().entityJwt()).isEqualTo("entity.jwt");
        assertThat(r.context().hostJwt()).isEqualTo("host.jwt");
        assertThat(r.context().applicationName()).contains("app");
        assertThat(SecretPolicy.parse(r.context().policy())).isEqualTo(ref.policy());
        assertThat(r.toString()).doesNotContain("entity.jwt").doesNotContain("host.jwt");
    }

    @Test
    void errorsAreNamedAfterTheReference() {
        SecretsBackend b = SecretsBackend.callback("cb", r -> {
            throw new SecretException(SecretException.Reason.UNAUTHORIZED, "cb", null, null);
        });
        assertThatThrownBy(() -> b.get(SecretRequest.forReference(ref, SecretContext.empty())))
                .isInstanceOf(SecretException.class)
                .hasMessage("secret 'db' from backend 'cb': Unauthorized");
    }

    @Test
    void foreignExceptionsAndNullsBecomeTypedErrorsWithoutTheirMessages() {
        SecretsBackend failing = SecretsBackend.callback("cb", r -> {
            throw new IllegalStateException("the password is hunter2");
        });
        assertThatThrownBy(() -> failing.get(SecretRequest.forReference(ref, SecretContext.empty())))
                .isInstanceOfSatisfying(SecretException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SecretException.Reason.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).doesNotContain("hunter2").contains("IllegalStateException");
                    assertThat(e.getCause()).isNull();
                });
        SecretsBackend empty = SecretsBackend.callback("cb", r -> null);
        assertThatThrownBy(() -> empty.get(SecretRequest.builder("k").build()))
                .isInstanceOfSatisfying(SecretException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecretException.Reason.SECRET_NOT_FOUND));
    }
}
