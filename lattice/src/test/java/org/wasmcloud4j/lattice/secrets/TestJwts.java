package org.wasmcloud4j.lattice.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.wasmcloud4j.host.HostKey;

/** Signs wascap-style JWTs for tests: an account (issuer) key pair from the JDK, nkeys-encoded. */
final class TestJwts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyPair account;
    final String issuer;

    TestJwts() throws Exception {
        account = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        issuer = HostKey.encodePublicKey('A', raw(account));
    }

    /** A fresh random nkeys public key of type {@code type} (a component {@code M}, a host {@code N}...). */
    static String randomSubject(char type) throws Exception {
        return HostKey.encodePublicKey(type, raw(KeyPairGenerator.getInstance("Ed25519").generateKeyPair()));
    }

    private static byte[] raw(KeyPair pair) {
        byte[] x509 = pair.getPublic().getEncoded();
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    /** A JWT for {@code subject}, with {@code exp} when {@code expires} is not null. */
    String sign(String subject, Long expires) throws Exception {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("jti", "test");
        claims.put("iat", System.currentTimeMillis() / 1000);
        claims.put("iss", issuer);
        claims.put("sub", subject);
        if (expires != null) {
            claims.put("exp", expires);
        }
        claims.putObject("wascap").put("name", "test");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString("{\"typ\":\"jwt\",\"alg\":\"Ed25519\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(account.getPrivate());
        s.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64.encodeToString(s.sign());
    }

    /** {@code component} with a top-level {@code wasmcloud_jwt} custom section holding {@code jwt} appended. */
    static byte[] embed(byte[] component, String jwt) {
        byte[] name = "wasmcloud_jwt".getBytes(StandardCharsets.UTF_8);
        byte[] payload = jwt.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        leb(body, name.length);
        body.writeBytes(name);
        body.writeBytes(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(component);
        out.write(0);
        leb(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void leb(ByteArrayOutputStream out, int v) {
        do {
            int b = v & 0x7f;
            v >>>= 7;
            out.write(v == 0 ? b : b | 0x80);
        } while (v != 0);
    }
}
