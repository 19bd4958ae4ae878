package org.wasmcloud4j.lattice.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import org.wasmcloud4j.host.HostKey;

/**
 * What the secrets server checks of the JWTs a host sends (wascap's format): three base64url parts; the header
 * exactly {@code {"typ":"jwt","alg":"Ed25519"}} (§10.18; the older {@code ed25519-nkey} too); claims a JSON object
 * with {@code iss} an nkeys account key ({@code A…}) and {@code sub} a key of the expected types; the Ed25519
 * signature of {@code header.claims} by {@code iss}; {@code exp} not passed and {@code nbf} reached when present.
 * Not checked: wascap's module hash of a component JWT (the server never sees the component), revocations,
 * issuer allow-lists.
 */
final class Jwts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] ED25519_SPKI = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final int MAX_LENGTH = 64 * 1024;

    /** A JWT that fails a check; the message names the check, never quotes the token. */
    static final class JwtException extends Exception {
        private static final long serialVersionUID = 1L;

        JwtException(String message) {
            super(message);
        }
    }

    private Jwts() {}

    /**
     * Verifies {@code jwt} and returns its subject.
     *
     * @param subjectTypes the first letters the subject may have ({@code "MV"} for entities, {@code "N"} hosts)
     */
    static String verify(String jwt, String subjectTypes, Instant now) throws JwtException {
        if (jwt == null || jwt.isEmpty()) {
            throw new JwtException("no JWT");
        }
        if (jwt.length() > MAX_LENGTH) {
            throw new JwtException("the JWT is longer than " + MAX_LENGTH + " characters");
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new JwtException("a JWT has three parts, this one " + parts.length);
        }
        JsonNode header = json(parts[0], "header");
        String alg = header.path("alg").asText("");
        if (!header.path("typ").asText("").equalsIgnoreCase("jwt")
                || !(alg.equals("Ed25519") || alg.equals("ed25519-nkey"))) {
            throw new JwtException("the header is not {\"typ\":\"jwt\",\"alg\":\"Ed25519\"}");
        }
        JsonNode claims = json(parts[1], "claims");
        String iss = text(claims, "iss");
        String sub = text(claims, "sub");
        if (sub.isEmpty() || subjectTypes.indexOf(sub.charAt(0)) < 0) {
            throw new JwtException("'sub' is not a key of type " + subjectTypes);
        }
        try {
            HostKey.decodePublicKey(sub, sub.charAt(0));
        } catch (IllegalArgumentException e) {
            throw new JwtException("'sub': " + e.getMessage());
        }
        byte[] issuer;
        try {
            issuer = HostKey.decodePublicKey(iss, 'A');
        } catch (IllegalArgumentException e) {
            throw new JwtException("'iss': " + e.getMessage());
        }
        byte[] signature = base64(parts[2], "signature");
        try {
            byte[] spki = new byte[ED25519_SPKI.length + 32];
            System.arraycopy(ED25519_SPKI, 0, spki, 0, ED25519_SPKI.length);
            System.arraycopy(issuer, 0, spki, ED25519_SPKI.length, 32);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature)) {
                throw new JwtException("the signature does not verify with 'iss'");
            }
        } catch (GeneralSecurityException e) {
            throw new JwtException("the signature does not verify with 'iss' (" + e.getClass().getSimpleName() + ")");
        }
        long at = now.getEpochSecond();
        if (claims.has("exp") && (!claims.get("exp").canConvertToLong() || claims.get("exp").asLong() <= at)) {
            throw new JwtException("the JWT has expired");
        }
        if (claims.has("nbf") && (!claims.get("nbf").canConvertToLong() || claims.get("nbf").asLong() > at)) {
            throw new JwtException("the JWT is not valid yet");
        }
        return sub;
    }

    private static JsonNode json(String part, String what) throws JwtException {
        byte[] raw = base64(part, what);
        try {
            JsonNode n = JSON.readTree(raw);
            if (n == null || !n.isObject()) {
                throw new JwtException("the " + what + " is not a JSON object");
            }
            return n;
        } catch (java.io.IOException e) {
            throw new JwtException("the " + what + " is not JSON");
        }
    }

    private static byte[] base64(String part, String what) throws JwtException {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new JwtException("the " + what + " is not base64url");
        }
    }

    private static String text(JsonNode claims, String member) throws JwtException {
        JsonNode n = claims.get(member);
        if (n == null || !n.isTextual()) {
            throw new JwtException("'" + member + "' is required and must be a string");
        }
        return n.textValue();
    }
}
