package org.wasmcloud4j.host.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A registry token service as distribution's {@code auth: token} expects: JWTs signed RS256 with a key whose
 * self-signed certificate (made by the JDK's {@code keytool}) is the registry's {@code rootcertbundle}, carried in
 * the {@code x5c} header, granting what each {@code scope} asks to the one configured user.
 */
final class JwtTokenService implements AutoCloseable {
    static final String SERVICE = "test-registry";
    static final String ISSUER = "wasmcloud4j-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    final Path certificate;
    final List<String> scopes = new CopyOnWriteArrayList<>();
    private final PrivateKey key;
    private final Certificate cert;
    private final String expectedBasic;
    private final HttpServer server;

    JwtTokenService(Path dir, String user, String password) throws Exception {
        Path store = dir.resolve("token.p12");
        certificate = dir.resolve("token.crt");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=token",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "token", "-keystore", store.toString(), "-storepass",
                "changeit", "-file", certificate.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
        cert = ks.getCertificate("token");
        expectedBasic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::token);
        server.start();
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The registry's {@code auth:} section for this service. */
    String registryAuth() {
        return "auth:\n  token:\n    realm: " + realm() + "\n    service: " + SERVICE + "\n    issuer: " + ISSUER
                + "\n    rootcertbundle: " + certificate + "\n";
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private void token(HttpExchange ex) throws IOException {
        byte[] body;
        int status;
        if (!expectedBasic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            status = 401;
            body = "{\"details\":\"bad login\"}".getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                status = 200;
                body = JSON.writeValueAsBytes(JSON.createObjectNode().put("token", jwt(ex.getRequestURI()
                        .getRawQuery())));
            } catch (GeneralSecurityException e) {
                status = 500;
                body = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private String jwt(String query) throws GeneralSecurityException, IOException {
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", "tester").put("aud", SERVICE)
                .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        List<String> asked = new ArrayList<>();
        for (String param : query == null ? new String[0] : query.split("&")) {
            if (param.startsWith("scope=")) {
                asked.add(URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8));
            }
        }
        scopes.addAll(asked);
        for (String scope : asked) {   // repository:<name>:<actions>
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            ObjectNode a = access.addObject().put("type", scope.substring(0, first))
                    .put("name", scope.substring(first + 1, last));
            ArrayNode actions = a.putArray("actions");
            for (String action : scope.substring(last + 1).split(",")) {
                actions.add(action);
            }
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(rs256.sign());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
