package org.wasmcloud4j.host.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.host.Host;

/**
 * Pulls and pushes WebAssembly components in OCI registries (the OCI Distribution API v2), as wasmCloud and
 * {@code wash} do. References look like {@code ghcr.io/org/name:0.1.0} or
 * {@code localhost:5000/name@sha256:<hex>}, optionally prefixed {@code oci://}; without a tag or digest the tag is
 * {@code latest}, without a registry it is {@code docker.io}.
 *
 * <p>A pull fetches the image manifest (OCI or Docker v2), takes its first layer of a WebAssembly media type
 * ({@code application/vnd.module.wasm.content.layer.v1+wasm}, {@code application/vnd.oci.image.layer.v1.tar} or
 * {@code application/wasm}) and returns that layer's bytes. The manifest is checked against the reference's digest
 * (and the registry's {@code Docker-Content-Digest}), the layer against its descriptor's size and digest; a layer
 * whose descriptor is over the size limit is refused before it is downloaded, and every body is read with a bound.
 *
 * <p>With a cache directory, manifests and layers are kept there by digest: a reference with a digest is served
 * from the cache without the network, a reference by tag always asks the registry for the manifest (so a moved tag
 * is seen) but reuses cached layers. The default cache is {@code ${java.io.tmpdir}/wasmcloud4j-oci-cache}; cached
 * files are verified on every read, so a damaged or planted file is never used.
 *
 * <p>Registries on {@code localhost}, {@code 127.0.0.1} and {@code [::1]}, and those allowed with
 * {@link Builder#allowInsecure(String)}, are spoken to over plain HTTP, every other over HTTPS. Credentials are per
 * registry ({@code host[:port]} as written in references): anonymous without one, HTTP basic when the registry asks
 * for it, the registry token flow ({@code WWW-Authenticate: Bearer realm=…}, the user name and password sent to the
 * realm) when it asks for a bearer token, or a ready token sent as it is. Thread-safe.
 *
 * <pre>{@code
 * OciClient oci = OciClient.builder().credential("ghcr.io", RegistryCredential.basic("me", pat)).build();
 * String digest = oci.push("ghcr.io/me/hello:0.1.0", wasm);
 * byte[] again = oci.pull("ghcr.io/me/hello@" + digest);
 * }</pre>
 *
 * <p>Every failure is a {@link RegistryException} whose message names the reference and the cause.
 */
public final class OciClient {
    private static final Logger LOG = LoggerFactory.getLogger(OciClient.class);
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String WASM_LAYER = "application/wasm";
    /** Layer media types read as a component, in wasmCloud's order. */
    static final List<String> WASM_LAYER_TYPES = List.of("application/vnd.module.wasm.content.layer.v1+wasm",
            "application/vnd.oci.image.layer.v1.tar", WASM_LAYER);
    private static final Set<String> INDEX_TYPES = Set.of("application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    /** The largest manifest read. */
    static final int MAX_MANIFEST = 4 << 20;
    /** The most read of a token response or an error body. */
    private static final int MAX_SMALL_BODY = 64 << 10;
    private static final int MAX_REDIRECTS = 5;
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    /**
     * The JSON mapper, made on first use: a host makes its OCI client when it is built, and Jackson's start-up
     * (≈ 80 ms in a cold JVM) belongs to the first pull, not to every host's start.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final HttpClient http;
    private final Map<String, RegistryCredential> credentials;
    private final Set<String> insecure;
    private final ContentCache cache;
    private final long maxLayerSize;
    private final Duration requestTimeout;

    private OciClient(HttpClient http, Map<String, RegistryCredential> credentials, Set<String> insecure,
            ContentCache cache, long maxLayerSize, Duration requestTimeout) {
        this.http = http;
        this.credentials = Map.copyOf(credentials);
        this.insecure = Set.copyOf(insecure);
        this.cache = cache;
        this.maxLayerSize = maxLayerSize;
        this.requestTimeout = requestTimeout;
    }

    /** A new builder: anonymous, the default cache, 50 MiB layers, 10 s to connect, 60 s to an answer. */
    public static Builder builder() {
        return new Builder();
    }

    /** This client with {@code more} credentials merged in (a registry given again is replaced). */
    public OciClient withCredentials(Map<String, RegistryCredential> more) {
        Map<String, RegistryCredential> merged = new HashMap<>(credentials);
        more.forEach((registry, c) -> merged.put(registryKey(registry), Objects.requireNonNull(c, "credential")));
        return new OciClient(http, merged, insecure, cache, maxLayerSize, requestTimeout);
    }

    /** Where a digest's content is cached, if this client caches. */
    Optional<Path> cachePath(String digest) {
        return cache == null ? Optional.empty() : Optional.of(cache.path(digest));
    }

    /**
     * The component (the first WebAssembly layer) of the image {@code ref}.
     *
     * @throws RegistryException for a bad reference, an unreachable registry, refused credentials, an unknown
     *         repository, tag or digest, content that does not match its digest, an oversized layer, or an image
     *         without a WebAssembly layer
     */
    public byte[] pull(String ref) {
        Objects.requireNonNull(ref, "ref");
        OciReference r = parse(ref);
        if (r.digest() != null && cache != null) {
            Optional<byte[]> manifest = cache.get(r.digest(), MAX_MANIFEST);
            if (manifest.isPresent()) {
                Descriptor layer = wasmLayer(ref, manifest.get());
                Optional<byte[]> blob = layer.size() <= maxLayerSize ? cache.get(layer.digest(), layer.size())
                        : Optional.empty();
                if (blob.isPresent() && blob.get().length == layer.size()) {
                    LOG.debug("{}: served from the cache", ref);
                    return blob.get();
                }
            }
        }
        Session s = new Session(r, ref);
        byte[] manifest = fetchManifest(s);
        if (cache != null) {
            cache.put(ContentCache.sha256(manifest), manifest);
        }
        Descriptor layer = wasmLayer(ref, manifest);
        if (layer.size() > maxLayerSize) {
            throw new RegistryException(RegistryException.Reason.TOO_LARGE, "image " + ref + ": layer "
                    + layer.digest() + " is " + layer.size() + " bytes, over the limit of " + maxLayerSize + " bytes");
        }
        if (cache != null) {
            Optional<byte[]> cached = cache.get(layer.digest(), layer.size());
            if (cached.isPresent() && cached.get().length == layer.size()) {
                LOG.debug("{}: layer {} from the cache", ref, layer.digest());
                return cached.get();
            }
        }
        byte[] blob = fetchBlob(s, layer);
        if (cache != null) {
            cache.put(layer.digest(), blob);
        }
        return blob;
    }

    /**
     * Uploads {@code wasm} as a one-layer OCI artifact tagged {@code ref}: an empty {@code {}} config of media
     * type {@code application/vnd.oci.image.config.v1+json}, one {@code application/wasm} layer and an
     * {@code application/vnd.oci.image.manifest.v1+json} manifest, blobs by monolithic upload.
     *
     * @return the manifest's digest, {@code sha256:<hex>}, to pull exactly this image again
     * @throws RegistryException for a reference without a tag or with a digest, a component over the size limit,
     *         an unreachable registry, refused credentials, or a registry that does not accept the upload
     */
    public String push(String ref, byte[] wasm) {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(wasm, "wasm");
        OciReference r = parse(ref);
        if (r.digest() != null) {
            throw new RegistryException(RegistryException.Reason.INVALID_REFERENCE, "image " + ref
                    + ": push needs a tag, not a digest");
        }
        if (wasm.length > maxLayerSize) {
            throw new RegistryException(RegistryException.Reason.TOO_LARGE, "image " + ref + ": the component is "
                    + wasm.length + " bytes, over the limit of " + maxLayerSize + " bytes");
        }
        Session s = new Session(r, ref);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        String configDigest = upload(s, config);
        String layerDigest = upload(s, wasm);
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", OCI_MANIFEST);
        m.set("config", descriptor(OCI_CONFIG, configDigest, config.length));
        m.putArray("layers").add(descriptor(WASM_LAYER, layerDigest, wasm.length));
        byte[] manifest;
        try {
            manifest = Json.MAPPER.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a manifest", e);
        }
        String digest = ContentCache.sha256(manifest);
        HttpResponse<InputStream> resp = s.send("PUT", s.uri("/manifests/" + r.tag()), manifest, OCI_MANIFEST,
                null, "manifest upload");
        if (resp.statusCode() != 201 && resp.statusCode() != 200) {
            throw s.fail(resp, "manifest upload");
        }
        close(resp);
        Optional<String> said = resp.headers().firstValue("Docker-Content-Digest");
        if (said.isPresent() && !said.get().equals(digest)) {
            throw new RegistryException(RegistryException.Reason.DIGEST_MISMATCH, "image " + ref
                    + ": the registry stored the manifest as " + said.get() + ", expected " + digest);
        }
        LOG.info("pushed {} ({} bytes) as {}", ref, wasm.length, digest);
        return digest;
    }

    private static ObjectNode descriptor(String mediaType, String digest, long size) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static OciReference parse(String ref) {
        try {
            return OciReference.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Reason.INVALID_REFERENCE, "image " + ref
                    + ": invalid OCI reference: " + e.getMessage(), e);
        }
    }

    private String upload(Session s, byte[] content) {
        String digest = ContentCache.sha256(content);
        HttpResponse<InputStream> start = s.send("POST", s.uri("/blobs/uploads/"), new byte[0], null, null,
                "blob upload");
        if (start.statusCode() != 202) {
            throw s.fail(start, "blob upload");
        }
        close(start);
        String location = start.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                RegistryException.Reason.PROTOCOL, "image " + s.display + ": the registry started a blob upload"
                        + " without a Location"));
        URI at = start.uri().resolve(location);
        URI put = URI.create(at + (at.getRawQuery() == null ? "?" : "&") + "digest="
                + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        HttpResponse<InputStream> done = s.sendTo("PUT", put, content, "application/octet-stream", null,
                "blob upload " + digest);
        if (done.statusCode() != 201) {
            throw s.fail(done, "blob upload " + digest);
        }
        close(done);
        return digest;
    }

    private byte[] fetchManifest(Session s) {
        String what = "manifest " + s.ref.manifestReference();
        HttpResponse<InputStream> r = s.send("GET", s.uri("/manifests/" + s.ref.manifestReference()), null, null,
                OCI_MANIFEST + ", " + DOCKER_MANIFEST, what);
        if (r.statusCode() != 200) {
            throw s.fail(r, what);
        }
        byte[] b = s.read(r, MAX_MANIFEST, what);
        String actual = ContentCache.sha256(b);
        String expected = s.ref.digest() != null ? s.ref.digest()
                : r.headers().firstValue("Docker-Content-Digest").filter(d -> d.startsWith("sha256:")).orElse(actual);
        if (!actual.equals(expected)) {
            throw new RegistryException(RegistryException.Reason.DIGEST_MISMATCH, "image " + s.display + ": "
                    + what + " has digest " + actual + ", expected " + expected);
        }
        return b;
    }

    private byte[] fetchBlob(Session s, Descriptor layer) {
        String what = "layer " + layer.digest();
        URI uri = s.uri("/blobs/" + layer.digest());
        HttpResponse<InputStream> r = s.send("GET", uri, null, null, null, what);
        for (int hops = 0; r.statusCode() / 100 == 3 && r.statusCode() != 304; hops++) {
            close(r);
            if (hops == MAX_REDIRECTS) {
                throw new RegistryException(RegistryException.Reason.PROTOCOL, "image " + s.display + ": " + what
                        + ": more than " + MAX_REDIRECTS + " redirects");
            }
            String location = r.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                    RegistryException.Reason.PROTOCOL, "image " + s.display + ": " + what + ": a redirect without"
                            + " a Location"));
            URI next = uri.resolve(location);
            if (!"https".equals(next.getScheme()) && !("http".equals(next.getScheme())
                    && "http".equals(uri.getScheme()))) {
                throw new RegistryException(RegistryException.Reason.PROTOCOL, "image " + s.display + ": " + what
                        + ": refusing a redirect from " + uri.getScheme() + " to " + next);
            }
            uri = next;
            r = s.sendTo("GET", uri, null, null, null, what);
        }
        if (r.statusCode() != 200) {
            throw s.fail(r, what);
        }
        byte[] b = s.read(r, layer.size(), what);
        String actual = ContentCache.sha256(b);
        if (b.length != layer.size() || !actual.equals(layer.digest())) {
            throw new RegistryException(RegistryException.Reason.DIGEST_MISMATCH, "image " + s.display + ": " + what
                    + " has digest " + actual + " (" + b.length + " bytes), expected " + layer.digest() + " ("
                    + layer.size() + " bytes)");
        }
        return b;
    }

    /** A content descriptor of a manifest. */
    private record Descriptor(String mediaType, String digest, long size) {}

    /** The first WebAssembly layer of {@code manifest}. */
    private static Descriptor wasmLayer(String ref, byte[] manifest) {
        JsonNode m;
        try {
            m = Json.MAPPER.readTree(manifest);
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.PROTOCOL, "image " + ref
                    + ": the manifest is not JSON: " + e.getMessage(), e);
        }
        String type = m.path("mediaType").asText("");
        if (INDEX_TYPES.contains(type) || m.has("manifests")) {
            throw new RegistryException(RegistryException.Reason.PROTOCOL, "image " + ref + ": the manifest is an"
                    + " image index (" + type + "), not an image manifest; reference one of its images");
        }
        if (m.path("schemaVersion").asInt() != 2 || !m.path("layers").isArray()) {
            throw new RegistryException(RegistryException.Reason.PROTOCOL, "image " + ref + ": not an OCI or Docker"
                    + " v2 image manifest (schemaVersion 2 with layers)");
        }
        List<String> seen = new ArrayList<>();
        for (JsonNode l : m.get("layers")) {
            String mediaType = l.path("mediaType").asText("");
            seen.add(mediaType);
            if (WASM_LAYER_TYPES.contains(mediaType)) {
                String digest = l.path("digest").asText("");
                if (!digest.matches("sha256:[0-9a-f]{64}")) {
                    throw new RegistryException(RegistryException.Reason.PROTOCOL, "image " + ref + ": layer digest '"
                            + digest + "' is not sha256:<64 hex digits> (other algorithms are not supported)");
                }
                JsonNode size = l.get("size");
                if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
                    throw new RegistryException(RegistryException.Reason.PROTOCOL, "image " + ref + ": layer "
                            + digest + " has no valid size");
                }
                return new Descriptor(mediaType, digest, size.asLong());
            }
        }
        throw new RegistryException(RegistryException.Reason.NO_WASM_LAYER, "image " + ref + " has no WebAssembly"
                + " layer: its layers are " + seen + "; accepted are " + WASM_LAYER_TYPES);
    }

    private static void close(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException ignored) {
            // the connection is dropped; nothing to do
        }
    }

    private static String registryKey(String registry) {
        return Objects.requireNonNull(registry, "registry").toLowerCase(Locale.ROOT);
    }

    /** The requests of one pull or push: one registry, one repository, the authorization obtained so far. */
    private final class Session {
        final OciReference ref;
        final String display;
        final String base;
        final RegistryCredential credential;
        final boolean plain;
        String authorization;

        Session(OciReference ref, String display) {
            this.ref = ref;
            this.display = display;
            this.plain = LOOPBACK.contains(ref.hostName()) || insecure.contains(ref.registry())
                    || insecure.contains(ref.hostName());
            this.base = (plain ? "http" : "https") + "://" + ref.apiHost() + "/v2/" + ref.repository();
            this.credential = credentials.get(ref.registry());
            this.authorization = credential != null && credential.token() != null
                    ? "Bearer " + credential.token() : null;
        }

        URI uri(String path) {
            return URI.create(base + path);
        }

        /** Sends with this session's authorization when {@code uri} is the registry's, without it elsewhere. */
        HttpResponse<InputStream> sendTo(String method, URI uri, byte[] body, String contentType, String accept,
                String what) {
            URI registry = URI.create(base);
            boolean same = Objects.equals(uri.getScheme(), registry.getScheme())
                    && Objects.equals(uri.getRawAuthority(), registry.getRawAuthority());
            return same ? send(method, uri, body, contentType, accept, what)
                    : exchange(method, uri, body, contentType, accept, null, what);
        }

        /** Sends a request to the registry; on a first 401 answers its challenge and sends it again. */
        HttpResponse<InputStream> send(String method, URI uri, byte[] body, String contentType, String accept,
                String what) {
            HttpResponse<InputStream> r = exchange(method, uri, body, contentType, accept, authorization, what);
            if (r.statusCode() != 401) {
                return r;
            }
            close(r);
            authorize(r.headers().allValues("WWW-Authenticate"), what);
            return exchange(method, uri, body, contentType, accept, authorization, what);
        }

        private void authorize(List<String> headers, String what) {
            List<AuthChallenge> challenges = new ArrayList<>();
            for (String h : headers) {
                try {
                    challenges.addAll(AuthChallenge.parse(h));
                } catch (IllegalArgumentException e) {
                    LOG.debug("{}: ignoring a challenge: {}", display, e.getMessage());
                }
            }
            Optional<AuthChallenge> bearer = challenges.stream().filter(c -> c.is("Bearer")).findFirst();
            Optional<AuthChallenge> basic = challenges.stream().filter(c -> c.is("Basic")).findFirst();
            if (bearer.isPresent()) {
                authorization = "Bearer " + token(bearer.get(), what);
            } else if (basic.isPresent() && credential != null && credential.username() != null) {
                authorization = basicAuthorization();
            } else {
                throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "image " + display + ": " + what
                        + ": registry " + ref.registry() + " answered 401 Unauthorized "
                        + (basic.isPresent() ? "asking for a user name and password, and none are configured for it"
                                : "with no Bearer or Basic challenge " + headers));
            }
        }

        private String basicAuthorization() {
            return "Basic " + Base64.getEncoder().encodeToString((credential.username() + ":" + credential.password())
                    .getBytes(StandardCharsets.UTF_8));
        }

        /** The registry token flow: the realm, asked with the challenge's service and scope, gives a token. */
        private String token(AuthChallenge challenge, String what) {
            String realm = challenge.params().get("realm");
            URI realmUri;
            try {
                realmUri = realm == null ? null : URI.create(realm);
            } catch (IllegalArgumentException e) {
                realmUri = null;
            }
            if (realmUri == null || realmUri.getHost() == null || !("https".equals(realmUri.getScheme())
                    || ("http".equals(realmUri.getScheme()) && (plain || LOOPBACK.contains(realmUri.getHost()))))) {
                throw new RegistryException(RegistryException.Reason.PROTOCOL, "image " + display + ": " + what
                        + ": registry " + ref.registry() + " asks for a token from realm '" + realm
                        + "', which is not an https URL" + (plain ? " or an http URL" : ""));
            }
            StringBuilder q = new StringBuilder();
            String service = challenge.params().get("service");
            if (service != null) {
                q.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
            }
            String scope = challenge.params().get("scope");
            if (scope != null) {
                for (String one : scope.trim().split(" +")) {
                    q.append(q.length() > 0 ? "&" : "").append("scope=")
                            .append(URLEncoder.encode(one, StandardCharsets.UTF_8));
                }
            }
            URI tokenUri = q.length() == 0 ? realmUri
                    : URI.create(realm + (realmUri.getRawQuery() == null ? "?" : "&") + q);
            boolean withPassword = credential != null && credential.username() != null;
            HttpResponse<InputStream> r = exchange("GET", tokenUri, null, null, "application/json",
                    withPassword ? basicAuthorization() : null, what + " (token from " + realmUri.getHost() + ")");
            if (r.statusCode() != 200) {
                RegistryException.Reason reason = r.statusCode() == 401 || r.statusCode() == 403
                        ? RegistryException.Reason.UNAUTHORIZED : RegistryException.Reason.PROTOCOL;
                String detail = errorDetail(r);
                throw new RegistryException(reason, "image " + display + ": " + what + ": the token service "
                        + realmUri.getScheme() + "://" + realmUri.getRawAuthority() + realmUri.getRawPath()
                        + " answered " + r.statusCode() + detail + (withPassword ? " for the configured user "
                        + credential.username() : " to an anonymous request"));
            }
            byte[] body = read(r, MAX_SMALL_BODY, "the token response");
            try {
                JsonNode json = Json.MAPPER.readTree(body);
                String token = json.path("token").asText("");
                if (token.isEmpty()) {
                    token = json.path("access_token").asText("");
                }
                if (token.isEmpty()) {
                    throw new RegistryException(RegistryException.Reason.PROTOCOL, "image " + display + ": " + what
                            + ": the token response has neither 'token' nor 'access_token'");
                }
                return token;
            } catch (IOException e) {
                throw new RegistryException(RegistryException.Reason.PROTOCOL, "image " + display + ": " + what
                        + ": the token response is not JSON", e);
            }
        }

        private HttpResponse<InputStream> exchange(String method, URI uri, byte[] body, String contentType,
                String accept, String auth, String what) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("User-Agent", "wasmcloud4j/" + Host.VERSION);
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            if (accept != null) {
                b.header("Accept", accept);
            }
            if (auth != null) {
                b.header("Authorization", auth);
            }
            String where = uri.getScheme() + "://" + uri.getRawAuthority();
            try {
                return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpConnectTimeoutException e) {
                throw unreachable(what, where + " did not accept a connection in time", e);
            } catch (HttpTimeoutException e) {
                throw unreachable(what, where + " did not answer within " + requestTimeout, e);
            } catch (ConnectException e) {
                throw unreachable(what, "cannot connect to " + where + " (" + describe(e) + ")", e);
            } catch (IOException e) {
                throw unreachable(what, "I/O error talking to " + where + " (" + describe(e) + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unreachable(what, "interrupted while talking to " + where, e);
            }
        }

        private RegistryException unreachable(String what, String message, Exception cause) {
            return new RegistryException(RegistryException.Reason.UNREACHABLE, "image " + display + ": " + what
                    + ": registry " + ref.registry() + " unreachable: " + message, cause);
        }

        /** The body, at most {@code max} bytes; more is {@link RegistryException.Reason#TOO_LARGE}. */
        byte[] read(HttpResponse<InputStream> r, long max, String what) {
            try (InputStream in = r.body()) {
                byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
                if (b.length > max) {
                    throw new RegistryException(RegistryException.Reason.TOO_LARGE, "image " + display + ": " + what
                            + " is over " + max + " bytes");
                }
                return b;
            } catch (IOException e) {
                throw unreachable(what, "reading the answer failed (" + describe(e) + ")", e);
            }
        }

        /** The failure for an answer with an unexpected status. */
        RegistryException fail(HttpResponse<InputStream> r, String what) {
            int status = r.statusCode();
            String detail = errorDetail(r);
            RegistryException.Reason reason = switch (status) {
                case 401, 403 -> RegistryException.Reason.UNAUTHORIZED;
                case 404 -> RegistryException.Reason.NOT_FOUND;
                default -> RegistryException.Reason.PROTOCOL;
            };
            String hint = switch (reason) {
                case UNAUTHORIZED -> credential == null ? "; no credentials are configured for " + ref.registry()
                        : "; the credentials configured for " + ref.registry() + " were refused";
                case NOT_FOUND -> "; no such repository, tag or digest";
                default -> "";
            };
            return new RegistryException(reason, "image " + display + ": " + what + ": registry " + ref.registry()
                    + " answered " + status + detail + hint);
        }
    }

    /** {@code " (CODE: message)"} from an OCI error body, or empty. Closes the body. */
    private static String errorDetail(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            byte[] b = in.readNBytes(MAX_SMALL_BODY);
            JsonNode first = Json.MAPPER.readTree(b).path("errors").path(0);
            if (first.isMissingNode()) {
                return "";
            }
            return " (" + first.path("code").asText("?") + ": " + first.path("message").asText("") + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause()) {
            String part = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (!parts.contains(part)) {
                parts.add(part);
            }
        }
        return String.join(": ", parts);
    }

    /** Configuration of an {@link OciClient}. */
    public static final class Builder {
        private final Map<String, RegistryCredential> credentials = new HashMap<>();
        private final Set<String> insecure = new HashSet<>();
        private Path cache = Path.of(System.getProperty("java.io.tmpdir"), "wasmcloud4j-oci-cache");
        private long maxLayerSize = 50L << 20;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** How to sign in to {@code registry} ({@code host[:port]} as references write it; replaces an earlier one). */
        public Builder credential(String registry, RegistryCredential credential) {
            credentials.put(registryKey(registry), Objects.requireNonNull(credential, "credential"));
            return this;
        }

        /** Speaks plain HTTP to {@code registry} ({@code host[:port]}, or a host for every port). */
        public Builder allowInsecure(String registry) {
            insecure.add(registryKey(registry));
            return this;
        }

        /** Caches manifests and layers by digest in {@code dir} (created when needed). */
        public Builder cache(Path dir) {
            this.cache = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Caches nothing: every pull goes to the registry. */
        public Builder noCache() {
            this.cache = null;
            return this;
        }

        /** The largest layer pulled or pushed, in bytes (default 50 MiB). */
        public Builder maxLayerSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxLayerSize must be positive, got " + bytes);
            }
            this.maxLayerSize = bytes;
            return this;
        }

        /** How long to wait for a connection (default 10 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        /** How long to wait for each answer's status and headers (default 60 s). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        private static Duration positive(Duration d, String what) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }

        /** The client. */
        public OciClient build() {
            HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
            return new OciClient(http, credentials, insecure, cache == null ? null : new ContentCache(cache),
                    maxLayerSize, requestTimeout);
        }
    }
}
