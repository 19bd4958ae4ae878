package org.wasmcloud4j.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSecretsBackendTest {
    private final EnvironmentSecretsBackend env = EnvironmentSecretsBackend.of("env", "APP_SECRET_",
            Map.of("APP_SECRET_DB_PASSWORD", "pw", "OTHER", "x"));

    @Test
    void keysMapToPrefixedUpperCaseVariables() {
        assertThat(env.variableFor("db-password")).isEqualTo("APP_SECRET_DB_PASSWORD");
        assertThat(env.variableFor("a.b/c d")).isEqualTo("APP_SECRET_A_B_C_D");
        assertThat(env.get(SecretRequest.builder("db-password").build()).asString()).isEqualTo("pw");
        assertThat(env.get(SecretRequest.builder("DB_PASSWORD").build()).isString()).isTrue();
    }

    @Test
    void aMissingVariableIsNotFoundAndOutsideThePrefixIsUnreachable() {
        assertThatThrownBy(() -> env.get(SecretRequest.builder("missing").referenceName("r").build()))
                .isInstanceOfSatisfying(SecretException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SecretException.Reason.SECRET_NOT_FOUND);
                    assertThat(e.reference()).contains("r");
                    assertThat(e.backend()).isEqualTo("env");
                });
        assertThatThrownBy(() -> env.get(SecretRequest.builder("../OTHER").build()))
                .isInstanceOf(SecretException.class);
    }

    @Test
    void fieldsAndVersionsAreRefusedNotIgnored() {
        assertThatThrownBy(() -> env.get(SecretRequest.builder("db-password").field("f").build()))
                .isInstanceOfSatisfying(SecretException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecretException.Reason.INVALID_REQUEST));
        assertThatThrownBy(() -> env.get(SecretRequest.builder("db-password").version("1").build()))
                .isInstanceOf(SecretException.class).hasMessageNotContaining("pw");
    }
}
