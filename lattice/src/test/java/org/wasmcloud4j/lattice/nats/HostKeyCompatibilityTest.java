package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.NKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.host.HostKey;

/** The core's nkeys encoding agrees with jnats', both ways, so NATS hosts and wash see the same host ids. */
class HostKeyCompatibilityTest {
    @RepeatedTest(20)
    void ourSeedsAreJnatsServerSeedsWithTheSamePublicKey() throws Exception {
        HostKey ours = HostKey.generate();
        NKey theirs = NKey.fromSeed(ours.seed().toCharArray());
        assertThat(theirs.getType()).isEqualTo(NKey.Type.SERVER);
        assertThat(new String(theirs.getPublicKey())).isEqualTo(ours.publicKey());
        // and a signature made by jnats verifies with the public key we printed
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(NKey.fromPublicKey(ours.publicKey().toCharArray()).verify(data, theirs.sign(data))).isTrue();
    }

    @RepeatedTest(20)
    void jnatsServerSeedsGiveTheSameHostId() throws Exception {
        NKey theirs = NKey.createServer(null);
        HostKey ours = HostKey.fromSeed(new String(theirs.getSeed()));
        assertThat(ours.publicKey()).isEqualTo(new String(theirs.getPublicKey()));
        assertThat(ours.seed()).isEqualTo(new String(theirs.getSeed()));
    }

    @Test
    void otherKeyTypesAreRefused() throws Exception {
        String accountSeed = new String(NKey.createAccount(null).getSeed());
        assertThatThrownBy(() -> HostKey.fromSeed(accountSeed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server").hasMessageNotContaining(accountSeed);
    }
}
