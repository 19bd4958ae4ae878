package org.wasmcloud4j.host.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** OCI reference and {@code WWW-Authenticate} parsing: format → parse round trips and the errors for bad parts. */
class OciReferenceProperties {
    @Property(tries = 500)
    void formatThenParseIsIdentity(@ForAll("references") OciReference ref) {
        assertThat(OciReference.parse(ref.toString())).isEqualTo(ref);
        assertThat(OciReference.parse("oci://" + ref)).isEqualTo(ref);
    }

    @Property(tries = 300)
    void challengesFormatThenParseIsIdentity(@ForAll("challengeLists") List<AuthChallenge> challenges) {
        String header = String.join(", ", challenges.stream().map(AuthChallenge::format).toList());
        assertThat(AuthChallenge.parse(header)).as(header).isEqualTo(challenges);
    }

    @Property(tries = 300)
    void anyHeaderParsesOrFailsWithAnIllegalArgument(@ForAll("headerish") String header) {
        try {
            AuthChallenge.parse(header);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("WWW-Authenticate");
        }
    }

    @Example
    void wasmCloudStyleReferences() {
        assertThat(OciReference.parse("ghcr.io/wasmcloud/components/http-hello-world-rust:0.1.0"))
                .isEqualTo(new OciReference("ghcr.io", "wasmcloud/components/http-hello-world-rust", "0.1.0", null));
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(OciReference.parse("localhost:5000/name@" + digest))
                .isEqualTo(new OciReference("localhost:5000", "name", null, digest));
        assertThat(OciReference.parse("oci://127.0.0.1:5000/test/comp"))
                .isEqualTo(new OciReference("127.0.0.1:5000", "test/comp", "latest", null));
        assertThat(OciReference.parse("[::1]:5000/a:b").hostName()).isEqualTo("[::1]");
        assertThat(OciReference.parse("Registry.Example.COM/a:1").registry()).isEqualTo("registry.example.com");
        OciReference hub = OciReference.parse("nginx");
        assertThat(hub).isEqualTo(new OciReference("docker.io", "library/nginx", "latest", null));
        assertThat(hub.apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(OciReference.parse("a.io/x:1@" + digest).manifestReference()).isEqualTo(digest);
    }

    @Example
    void badPartsAreNamed() {
        assertThatThrownBy(() -> OciReference.parse("ghcr.io/Org/x:1")).hasMessageContaining("component 'Org'");
        assertThatThrownBy(() -> OciReference.parse("ghcr.io/org//x:1")).hasMessageContaining("component ''");
        assertThatThrownBy(() -> OciReference.parse("ghcr.io/org/x:-1")).hasMessageContaining("tag '-1'");
        assertThatThrownBy(() -> OciReference.parse("ghcr.io/org/x@sha256:abc"))
                .hasMessageContaining("digest 'sha256:abc'");
        assertThatThrownBy(() -> OciReference.parse("ghcr.io:99999/x")).hasMessageContaining("port '99999'");
        assertThatThrownBy(() -> OciReference.parse("bad_host.io/x")).hasMessageContaining("host 'bad_host.io'");
        assertThatThrownBy(() -> OciReference.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> OciReference.parse("a.io/" + "x".repeat(300))).hasMessageContaining("255");
    }

    @Example
    void registryChallenges() {
        List<AuthChallenge> c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"");
        assertThat(c).containsExactly(new AuthChallenge("Bearer", Map.of("realm", "https://auth.docker.io/token",
                "service", "registry.docker.io", "scope", "repository:library/nginx:pull")));
        assertThat(AuthChallenge.parse("Basic realm=test, Bearer Realm=\"x\"")).containsExactly(
                new AuthChallenge("Basic", Map.of("realm", "test")), new AuthChallenge("Bearer", Map.of("realm", "x")));
        assertThat(AuthChallenge.parse("Basic")).containsExactly(new AuthChallenge("Basic", Map.of()));
        assertThatThrownBy(() -> AuthChallenge.parse("Bearer realm=\"open")).hasMessageContaining("closing");
        assertThatThrownBy(() -> AuthChallenge.parse("Bearer realm=a b=c")).hasMessageContaining("offset");
    }

    @Provide
    Arbitrary<OciReference> references() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMinLength(1).ofMaxLength(10).filter(s -> !s.startsWith("-") && !s.endsWith("-"));
        Arbitrary<String> port = Arbitraries.integers().between(1, 65535).map(p -> ":" + p);
        Arbitrary<String> registry = Arbitraries.oneOf(
                Combinators.combine(label.list().ofMinSize(2).ofMaxSize(4), port.injectNull(0.5))
                        .as((ls, p) -> String.join(".", ls) + (p == null ? "" : p)),
                port.map(p -> "localhost" + p), Arbitraries.just("localhost"), port.map(p -> "[::1]" + p),
                Combinators.combine(label, port).as((l, p) -> l + p));
        Arbitrary<String> alnum = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789")
                .ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> component = Combinators.combine(alnum.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(".", "_", "__", "-", "--")).as((parts, sep) -> String.join(sep, parts));
        Arbitrary<String> repository = component.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("/", l));
        Arbitrary<String> tag = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                + "0123456789_.-").ofMinLength(1).ofMaxLength(20).filter(t -> t.matches("[A-Za-z0-9_].*"));
        Arbitrary<String> digest = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)
                .map(h -> "sha256:" + h);
        return Combinators.combine(registry, repository, tag.injectNull(0.3), digest.injectNull(0.5))
                .as((r, p, t, d) -> new OciReference(r, p, t == null && d == null ? "latest" : t, d))
                .filter(ref -> ref.registry().length() + 1 + ref.repository().length() <= 255);
    }

    @Provide
    Arbitrary<List<AuthChallenge>> challengeLists() {
        Arbitrary<String> token = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789"
                + "!#$%&'*+-.^_`|~").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> name = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_-")
                .ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> value = Arbitraries.strings().ascii().ofMaxLength(30);
        Arbitrary<Map<String, String>> params = Arbitraries.maps(name, value).ofMaxSize(4)
                .map(m -> new java.util.LinkedHashMap<>(m));
        return Combinators.combine(token, params).as(AuthChallenge::new).list().ofMinSize(1).ofMaxSize(3)
                // a challenge without parameters must come last: its scheme would read as the next one's
                .filter(l -> l.subList(0, l.size() - 1).stream().noneMatch(c -> c.params().isEmpty()));
    }

    @Provide
    Arbitrary<String> headerish() {
        return Arbitraries.strings().withChars("Bearer Basic realm=\",\\ \tabc").ofMaxLength(40);
    }
}
