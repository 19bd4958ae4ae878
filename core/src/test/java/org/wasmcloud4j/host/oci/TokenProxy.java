package org.wasmcloud4j.host.oci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry token service and a bearer-checking front for a real registry, on the JDK's HTTP server: requests to
 * {@code /v2/…} without the issued token get {@code 401} with a {@code Bearer realm=…,service=…,scope=…} challenge;
 * {@code /token} issues the token (to the configured user, or to anyone when there is none); everything else is
 * forwarded to the registry. Can append a space to manifests to break their digest.
 */
final class TokenProxy implements AutoCloseable {
    private static final Pattern REPO = Pattern.compile("/v2/(.+)/(?:manifests|blobs)/.*");
    final String issued = "token-" + Long.toHexString(System.nanoTime());
    final List<String> tokenQueries = new CopyOnWriteArrayList<>();
    volatile boolean useAccessTokenField;
    volatile boolean tamperManifests;
    private final HttpServer server;
    private final String upstream;
    private final String expectedBasic;
    private final HttpClient http = HttpClient.newHttpClient();

    TokenProxy(String upstream, String user, String password) throws IOException {
        this.upstream = upstream;
        this.expectedBasic = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::registry);
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void token(HttpExchange ex) throws IOException {
        tokenQueries.add(ex.getRequestURI().getRawQuery());
        if (expectedBasic != null && !expectedBasic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad login\"}]}"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        String field = useAccessTokenField ? "access_token" : "token";
        send(ex, 200, "application/json", ("{\"" + field + "\":\"" + issued + "\",\"expires_in\":300}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private void registry(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (!("Bearer " + issued).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            Matcher m = REPO.matcher(path);
            String scope = m.matches() ? ",scope=\"repository:" + m.group(1) + ":pull\"" : "";
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + address()
                    + "/token\",service=\"test-registry\"" + scope);
            send(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"token\"}]}"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + upstream
                + ex.getRequestURI().toString())).method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept != null) {
            b.header("Accept", accept);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = r.body();
            if (tamperManifests && path.contains("/manifests/")) {
                byte[] more = new byte[body.length + 1];
                System.arraycopy(body, 0, more, 0, body.length);
                more[body.length] = ' ';
                body = more;
            }
            r.headers().firstValue("Docker-Content-Digest")
                    .ifPresent(d -> ex.getResponseHeaders().add("Docker-Content-Digest", d));
            send(ex, r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/octet-stream"), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(ex, 502, "text/plain", new byte[0]);
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
