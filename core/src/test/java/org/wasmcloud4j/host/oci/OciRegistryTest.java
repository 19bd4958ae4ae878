package org.wasmcloud4j.host.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.lattice.LatticeEvent;

/** Pulls and pushes against a real registry (Debian's docker-registry, distribution 2.8) run by the test. */
class OciRegistryTest {
    private static final String USER = "tester";
    /** The password of the committed {@code oci-htpasswd} test file (bcrypt, cost 5). */
    private static final String PASSWORD = "s3cret-test-pass";
    @TempDir
    static Path shared;
    static LocalRegistry registry;
    @TempDir
    Path dir;
    private final List<LatticeEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalRegistry.start(shared.resolve("plain"), "");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static byte[] hello() {
        return Fixtures.bytes("wat-hello.component");
    }

    private static OciClient pusher() {
        return OciClient.builder().noCache().build();
    }

    private Host.Builder host() {
        return Host.builder().engineMode(Engine.Mode.INTERPRETER).listener(events::add)
                .imageCache(dir.resolve("cache"));
    }

    private static String greet(Host h, String id) {
        return ((Value.Str) h.invoke(id, "greet", new Value.Str("oci")).orElseThrow()).value();
    }

    private static RegistryException registryError(ThrowingCallable call, RegistryException.Reason reason) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(HostException.class);
        RegistryException e = t instanceof RegistryException re ? re : (RegistryException) t.getCause();
        assertThat(e).as(t.getMessage()).isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        return e;
    }

    @Test
    void pushThenStartByTagByDigestAndWithTheOciPrefix() {
        String ref = registry.address() + "/test/comp:0.1.0";
        String digest = pusher().push(ref, hello());
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        try (Host h = host().build()) {
            h.startComponent("x", ref, 1);
            assertThat(greet(h, "x")).contains("oci");
            h.startComponent("y", registry.address() + "/test/comp@" + digest, 1);
            assertThat(greet(h, "y")).contains("oci");
            h.startComponent("z", "oci://" + ref + "@" + digest, 1);
            assertThat(greet(h, "z")).contains("oci");
            assertThat(h.components()).extracting(Host.ComponentDescription::imageRef).contains(ref);
        }
        assertThat(pusher().pull(ref)).isEqualTo(hello());
        // the pushed manifest is a one-layer OCI artifact
        assertThat(registry.blobData(ContentCache.sha256(hello()))).exists();
        assertThat(registry.blobData(digest)).content(StandardCharsets.UTF_8)
                .contains(OciClient.OCI_MANIFEST, "\"application/wasm\"", OciClient.OCI_CONFIG);
    }

    @Test
    void aDigestIsServedFromTheCacheWithoutTheRegistryAndADamagedCacheFileIsNotUsed() throws Exception {
        String byDigest;
        String byTag;
        try (LocalRegistry own = LocalRegistry.start(dir.resolve("own"), "")) {
            byTag = own.address() + "/cached/comp:1";
            byDigest = own.address() + "/cached/comp@" + pusher().push(byTag, hello());
            try (Host h = host().build()) {
                h.startComponent("warm", byDigest, 1);
            }
        }
        try (Host h = host().build()) {
            h.startComponent("cold", byDigest, 1);   // no registry any more
            assertThat(greet(h, "cold")).contains("oci");
            registryError(() -> h.startComponent("tag", byTag, 1), RegistryException.Reason.UNREACHABLE);
        }
        Path layer = new ContentCache(dir.resolve("cache")).path(ContentCache.sha256(hello()));
        assertThat(layer).hasBinaryContent(hello());
        byte[] damaged = hello().clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(layer, damaged);
        try (Host h = host().build()) {
            registryError(() -> h.startComponent("damaged", byDigest, 1), RegistryException.Reason.UNREACHABLE);
            assertThat(h.components()).isEmpty();
        }
        assertThat(layer).doesNotExist();
    }

    @Test
    void aDamagedCachedLayerIsFetchedAgain() throws Exception {
        String ref = registry.address() + "/test/refetch:1";
        pusher().push(ref, hello());
        OciClient cached = OciClient.builder().cache(dir.resolve("cache")).build();
        assertThat(cached.pull(ref)).isEqualTo(hello());
        Path layer = cached.cachePath(ContentCache.sha256(hello())).orElseThrow();
        Files.write(layer, "garbage".getBytes(StandardCharsets.UTF_8));
        assertThat(cached.pull(ref)).isEqualTo(hello());
        assertThat(layer).hasBinaryContent(hello());
    }

    @Test
    void contentThatDoesNotMatchItsDigestIsRefusedNamingBothDigests() throws Exception {
        String wrong = "sha256:" + "0".repeat(64);
        RegistryException unknown = registryError(() -> pusher().pull(registry.address() + "/test/comp@" + wrong),
                RegistryException.Reason.NOT_FOUND);
        assertThat(unknown.getMessage()).contains(wrong, "404");
        try (LocalRegistry own = LocalRegistry.start(dir.resolve("own"), "")) {
            String ref = own.address() + "/bad/comp:1";
            pusher().push(ref, hello());
            String expected = ContentCache.sha256(hello());
            byte[] damaged = hello().clone();
            damaged[damaged.length / 2] ^= 1;
            Files.write(own.blobData(expected), damaged);
            try (Host h = host().build()) {
                RegistryException e = registryError(() -> h.startComponent("bad", ref, 1),
                        RegistryException.Reason.DIGEST_MISMATCH);
                assertThat(e.getMessage()).contains(ref, expected, ContentCache.sha256(damaged));
                assertThat(h.components()).isEmpty();
                assertThat(events).filteredOn(ev -> ev.name().equals("component_scale_failed")).hasSize(1);
            }
            assertThat(dir.resolve("cache/sha256").resolve(expected.substring(7))).doesNotExist();
        }
    }

    @Test
    void anUnreachableRegistryFailsTheStartWithAnEventAndLeavesNothing() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String ref = "127.0.0.1:" + closed + "/test/comp:0.1.0";
        try (Host h = host().build()) {
            RegistryException e = registryError(() -> h.startComponent("u", ref, 1),
                    RegistryException.Reason.UNREACHABLE);
            assertThat(e.getMessage()).contains(ref, "unreachable", "127.0.0.1:" + closed);
            assertThat(h.components()).isEmpty();
            List<LatticeEvent> failed = events.stream().filter(ev -> ev.name().equals("component_scale_failed"))
                    .toList();
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).field("error").asText()).contains("component u", ref, "unreachable");
            assertThat(failed.get(0).field("image_ref").asText()).isEqualTo(ref);
            assertThat(events).noneMatch(ev -> ev.name().equals("component_scaled"));
        }
    }

    @Test
    void unknownRepositoriesAndTagsAreNotFound() {
        pusher().push(registry.address() + "/test/known:1", hello());
        try (Host h = host().build()) {
            RegistryException repo = registryError(() -> h.startComponent("a", registry.address() + "/no/such:1", 1),
                    RegistryException.Reason.NOT_FOUND);
            assertThat(repo.getMessage()).contains("/no/such:1", "404");
            RegistryException tag = registryError(() -> h.startComponent("b", registry.address()
                    + "/test/known:2", 1), RegistryException.Reason.NOT_FOUND);
            assertThat(tag.getMessage()).contains("manifest 2", "MANIFEST_UNKNOWN");
            assertThat(h.components()).isEmpty();
        }
    }

    @Test
    void aLayerOverTheLimitIsRefusedFromItsDescriptor() {
        String ref = registry.address() + "/test/big:1";
        pusher().push(ref, hello());
        try (Host h = host().maxComponentSize(100).build()) {
            RegistryException e = registryError(() -> h.startComponent("big", ref, 1),
                    RegistryException.Reason.TOO_LARGE);
            assertThat(e.getMessage()).contains(ref, hello().length + " bytes, over the limit of 100 bytes");
        }
        assertThatThrownBy(() -> OciClient.builder().maxLayerSize(100).noCache().build().push(ref, hello()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("over the limit of 100 bytes");
    }

    @Test
    void anImageWithoutAWasmLayerNamesTheMediaTypesItHas() throws Exception {
        String repo = "test/notwasm";
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://" + registry.address() + "/v2/" + repo;
        byte[] layer = "not wasm".getBytes(StandardCharsets.UTF_8);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : List.of(layer, config)) {
            HttpResponse<Void> start = http.send(HttpRequest.newBuilder(URI.create(base + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            URI location = URI.create(base).resolve(start.headers().firstValue("Location").orElseThrow());
            HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(location + "&digest="
                    + ContentCache.sha256(blob))).PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(put.statusCode()).isEqualTo(201);
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OciClient.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + OciClient.OCI_CONFIG + "\",\"digest\":\"" + ContentCache.sha256(config)
                + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"" + ContentCache.sha256(layer) + "\",\"size\":" + layer.length + "}]}";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/manifests/1"))
                .header("Content-Type", OciClient.OCI_MANIFEST).PUT(HttpRequest.BodyPublishers.ofString(manifest))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        RegistryException e = registryError(() -> pusher().pull(registry.address() + "/" + repo + ":1"),
                RegistryException.Reason.NO_WASM_LAYER);
        assertThat(e.getMessage()).contains("application/vnd.oci.image.layer.v1.tar+gzip", "application/wasm");
    }

    @Test
    void basicAuthWithRightWrongAndMissingCredentials() throws Exception {
        Path htpasswd = dir.resolve("htpasswd");
        try (InputStream in = getClass().getResourceAsStream("oci-htpasswd")) {
            Files.write(htpasswd, in.readAllBytes());
        }
        try (LocalRegistry own = LocalRegistry.start(dir.resolve("auth"), "auth:\n  htpasswd:\n    realm: test\n"
                + "    path: " + htpasswd + "\n")) {
            String ref = own.address() + "/secure/comp:1";
            registryError(() -> pusher().push(ref, hello()), RegistryException.Reason.UNAUTHORIZED);
            OciClient.builder().noCache().credential(own.address(), RegistryCredential.basic(USER, PASSWORD)).build()
                    .push(ref, hello());
            try (Host h = host().imageCache(null).build()) {
                RegistryException none = registryError(() -> h.startComponent("none", ref, 1),
                        RegistryException.Reason.UNAUTHORIZED);
                assertThat(none.getMessage()).contains(ref, "none are configured");
                h.putRegistryCredentials(Map.of(own.address(), RegistryCredential.basic(USER, "wrong")));
                RegistryException wrong = registryError(() -> h.startComponent("wrong", ref, 1),
                        RegistryException.Reason.UNAUTHORIZED);
                assertThat(wrong.getMessage()).contains(ref, "401", "were refused");
                h.putRegistryCredentials(Map.of(own.address(), RegistryCredential.basic(USER, PASSWORD)));
                h.startComponent("right", ref, 1);
                assertThat(greet(h, "right")).contains("oci");
                assertThat(h.components()).extracting(Host.ComponentDescription::id).containsExactly("right");
            }
            try (Host h = host().imageCache(null)
                    .registryCredential(own.address(), RegistryCredential.basic(USER, PASSWORD)).build()) {
                h.startComponent("built", ref, 1);
                assertThat(greet(h, "built")).contains("oci");
            }
        }
    }

    @Test
    void theBearerTokenFlowAgainstATokenService() throws Exception {
        pusher().push(registry.address() + "/test/comp:0.1.0", hello());
        try (TokenProxy proxy = new TokenProxy(registry.address(), USER, PASSWORD)) {
            String ref = proxy.address() + "/test/comp:0.1.0";
            try (Host h = host().imageCache(null)
                    .registryCredential(proxy.address(), RegistryCredential.basic(USER, PASSWORD)).build()) {
                h.startComponent("bearer", ref, 1);
                assertThat(greet(h, "bearer")).contains("oci");
            }
            assertThat(proxy.tokenQueries).isNotEmpty();
            assertThat(proxy.tokenQueries.get(0)).isEqualTo("service=test-registry&scope=repository%3Atest%2Fcomp%3Apull");
            proxy.useAccessTokenField = true;
            OciClient withPassword = OciClient.builder().noCache()
                    .credential(proxy.address(), RegistryCredential.basic(USER, PASSWORD)).build();
            assertThat(withPassword.pull(ref)).isEqualTo(hello());
            RegistryException refused = registryError(() -> OciClient.builder().noCache()
                    .credential(proxy.address(), RegistryCredential.basic(USER, "wrong")).build().pull(ref),
                    RegistryException.Reason.UNAUTHORIZED);
            assertThat(refused.getMessage()).contains(ref, "token service", "401", "UNAUTHORIZED: bad login");
            int asked = proxy.tokenQueries.size();
            OciClient preset = OciClient.builder().noCache()
                    .credential(proxy.address(), RegistryCredential.bearer(proxy.issued)).build();
            assertThat(preset.pull(ref)).isEqualTo(hello());
            assertThat(proxy.tokenQueries).hasSize(asked);   // the ready token was sent as it is
            // a manifest that does not hash to its digest
            proxy.tamperManifests = true;
            RegistryException byTag = registryError(() -> withPassword.pull(ref),
                    RegistryException.Reason.DIGEST_MISMATCH);
            String digest = pusher().push(registry.address() + "/test/comp:0.1.0", hello());
            assertThat(byTag.getMessage()).contains(ref, "has digest sha256:", "expected " + digest);
            RegistryException byDigest = registryError(() -> withPassword.pull(proxy.address() + "/test/comp@"
                    + digest), RegistryException.Reason.DIGEST_MISMATCH);
            assertThat(byDigest.getMessage()).contains("expected " + digest);
        }
    }

    @Test
    void theRegistrysOwnTokenAuthWithSignedJwts() throws Exception {
        try (JwtTokenService tokens = new JwtTokenService(dir, USER, PASSWORD);
                LocalRegistry own = LocalRegistry.start(dir.resolve("token"), tokens.registryAuth())) {
            String ref = own.address() + "/jwt/comp:1";
            OciClient signedIn = OciClient.builder().noCache()
                    .credential(own.address(), RegistryCredential.basic(USER, PASSWORD)).build();
            String digest = signedIn.push(ref, hello());
            // the registry lists the actions in either order (it builds the challenge from a Go map)
            assertThat(tokens.scopes).containsAnyOf("repository:jwt/comp:pull,push", "repository:jwt/comp:push,pull");
            try (Host h = host().imageCache(null)
                    .registryCredential(own.address(), RegistryCredential.basic(USER, PASSWORD)).build()) {
                h.startComponent("jwt", own.address() + "/jwt/comp@" + digest, 1);
                assertThat(greet(h, "jwt")).contains("oci");
            }
            assertThat(tokens.scopes).contains("repository:jwt/comp:pull");
            RegistryException wrong = registryError(() -> OciClient.builder().noCache()
                    .credential(own.address(), RegistryCredential.basic(USER, "wrong")).build().pull(ref),
                    RegistryException.Reason.UNAUTHORIZED);
            assertThat(wrong.getMessage()).contains(ref, "token service", "401");
        }
    }
}
