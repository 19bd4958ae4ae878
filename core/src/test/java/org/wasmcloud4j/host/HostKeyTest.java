package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostKeyTest {
    @Test
    void aGeneratedKeyHasTheNkeysServerShapeAndItsSeedRecreatesIt() {
        HostKey k = HostKey.generate();
        assertThat(k.publicKey()).hasSize(56).startsWith("N").matches("[A-Z2-7]+");
        assertThat(k.seed()).hasSize(58).startsWith("SN");
        assertThat(HostKey.fromSeed(k.seed())).isEqualTo(k);
        assertThat(k.toString()).doesNotContain(k.seed());
        assertThat(HostKey.generate()).isNotEqualTo(k);
    }

    @Test
    void damagedSeedsAreRefusedWithoutEchoingThem() {
        String seed = HostKey.generate().seed();
        char last = seed.charAt(40);
        String flipped = seed.substring(0, 40) + (last == 'A' ? 'B' : 'A') + seed.substring(41);
        for (String bad : new String[] {flipped, seed.substring(0, 50), seed.toLowerCase(), "S" + seed}) {
            assertThatThrownBy(() -> HostKey.fromSeed(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not").hasMessageNotContaining(bad);
        }
    }
}
