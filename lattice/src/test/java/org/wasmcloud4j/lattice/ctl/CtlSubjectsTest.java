package org.wasmcloud4j.lattice.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CtlSubjectsTest {
    @Test
    void buildsTheSubjectsWasmCloudHostsSubscribeTo() {
        CtlSubjects s = CtlSubjects.of("default");
        assertThat(s.subject("host", "ping")).isEqualTo("wasmbus.ctl.v1.default.host.ping");
        assertThat(s.subject("component", "scale", "NABCD")).isEqualTo("wasmbus.ctl.v1.default.component.scale.NABCD");
        assertThat(s.queueGroup("link")).isEqualTo("wasmbus.ctl.v1.default.link");
        assertThat(CtlSubjects.of("acme.ctl", "prod").subject("config", "put", "cfg"))
                .isEqualTo("acme.ctl.v1.prod.config.put.cfg");
    }

    @Test
    void rejectsTokensThatWouldWidenASubscription() {
        assertThatThrownBy(() -> CtlSubjects.of("a.b")).hasMessageContaining("lattice 'a.b'").hasMessageContaining("'.'");
        assertThatThrownBy(() -> CtlSubjects.of("*")).hasMessageContaining("'*'");
        assertThatThrownBy(() -> CtlSubjects.of("x").subject("host", "get", "N >"))
                .hasMessageContaining("argument").hasMessageContaining("U+0020");
        assertThatThrownBy(() -> CtlSubjects.of("wasmbus..ctl", "x")).hasMessageContaining("prefix must not be empty");
        assertThatThrownBy(() -> CtlSubjects.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueSemantics() {
        assertThat(CtlSubjects.of("l")).isEqualTo(CtlSubjects.of("wasmbus.ctl", "l")).hasSameHashCodeAs(CtlSubjects.of("l"));
    }
}
