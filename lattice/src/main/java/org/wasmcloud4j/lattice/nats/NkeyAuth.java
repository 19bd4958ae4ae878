package org.wasmcloud4j.lattice.nats;

import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import org.wasmcloud4j.host.HostException;

/** NATS nkey authentication without a JWT: the server's nonce signed with the user's nkey (jnats' Ed25519). */
final class NkeyAuth implements AuthHandler {
    private final NKey key;

    NkeyAuth(char[] seed) {
        try {
            this.key = NKey.fromSeed(seed);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new HostException("the nkey seed is not a valid seed", e);
        } finally {
            java.util.Arrays.fill(seed, '\0');
        }
    }

    @Override
    public byte[] sign(byte[] nonce) {
        try {
            return key.sign(nonce);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign the server's nonce: " + e.getMessage(), e);
        }
    }

    @Override
    public char[] getID() {
        try {
            return key.getPublicKey();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot derive the nkey's public key: " + e.getMessage(), e);
        }
    }

    @Override
    public char[] getJWT() {
        return null;
    }
}
