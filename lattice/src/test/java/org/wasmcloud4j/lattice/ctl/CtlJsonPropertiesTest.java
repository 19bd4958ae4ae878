package org.wasmcloud4j.lattice.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of generated payloads, and mutations of the golden files that must fail cleanly. */
class CtlJsonPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Any Unicode text, including dots, spaces, control characters and non-BMP code points. */
    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMaxLength(12).filter(CtlJsonPropertiesTest::unicode);
    }

    static boolean unicode(String s) {
        return s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF);
    }

    /** Valid NATS tokens. */
    Arbitrary<String> tokens() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12).filter(CtlJsonPropertiesTest::unicode)
                .filter(s -> s.chars().noneMatch(c -> c == '.' || c == '*' || c == '>' || Character.isWhitespace(c)
                        || Character.isISOControl(c)));
    }

    Arbitrary<Map<String, String>> maps() {
        return Arbitraries.maps(text(), text()).ofMaxSize(4);
    }

    @Provide
    Arbitrary<ScaleComponentCommand> scales() {
        return Combinators.combine(text(), tokens(), maps(), Arbitraries.integers().greaterOrEqual(0),
                maps().injectNull(0.3), Arbitraries.oneOf(tokens(), Arbitraries.just("")),
                tokens().list().ofMaxSize(3), Arbitraries.of(true, false))
                .as(ScaleComponentCommand::new);
    }

    @Provide
    Arbitrary<Link> links() {
        return Combinators.combine(tokens(), tokens(), text().filter(s -> !s.isEmpty()), text().filter(s -> !s.isEmpty()),
                text().filter(s -> !s.isEmpty()), text().list().ofMaxSize(3), tokens().list().ofMaxSize(3),
                tokens().list().ofMaxSize(3)).as(Link::new);
    }

    @Provide
    Arbitrary<HostInventory> inventories() {
        Arbitrary<ComponentDescription> component = Combinators.combine(text(), text(), text().injectNull(0.3), maps(),
                Arbitraries.integers(), Arbitraries.integers().greaterOrEqual(0), maps().injectNull(0.5))
                .as(ComponentDescription::new);
        Arbitrary<ProviderDescription> provider = Combinators.combine(text(), text().injectNull(0.3),
                text().injectNull(0.3), Arbitraries.integers(), maps()).as(ProviderDescription::new);
        return Combinators.combine(component.list().ofMaxSize(3), provider.list().ofMaxSize(2), text(), text(), maps(),
                text(), text(), Arbitraries.longs().greaterOrEqual(0)).as(HostInventory::new);
    }

    @Property(tries = 200)
    void scaleCommandsRoundTrip(@ForAll("scales") ScaleComponentCommand cmd) {
        assertThat(CtlJson.decode(CtlJson.encode(cmd), ScaleComponentCommand.class)).isEqualTo(cmd);
    }

    @Property(tries = 200)
    void linksRoundTrip(@ForAll("links") Link link) {
        assertThat(CtlJson.decode(CtlJson.encode(link), Link.class)).isEqualTo(link);
        CtlResponse<List<Link>> reply = CtlResponse.ok(List.of(link));
        assertThat(CtlJson.decodeResponse(CtlJson.encode(reply), CtlJson.Shape.listOf(Link.class))).isEqualTo(reply);
    }

    @Property(tries = 100)
    void inventoriesRoundTrip(@ForAll("inventories") HostInventory inv) {
        assertThat(CtlJson.decode(CtlJson.encode(inv), HostInventory.class)).isEqualTo(inv);
    }

    @Property(tries = 200)
    void idsThatAreNotTokensFailNamingTheField(@ForAll("text") String id) {
        boolean token = !id.isEmpty() && id.chars().noneMatch(c -> c == '.' || c == '*' || c == '>'
                || Character.isWhitespace(c) || Character.isISOControl(c));
        ObjectNode json = NODES.objectNode().put("component_id", id);
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        if (token) {
            assertThat(CtlJson.decode(bytes, ScaleComponentCommand.class).componentId()).isEqualTo(id);
        } else {
            assertThatThrownBy(() -> CtlJson.decode(bytes, ScaleComponentCommand.class))
                    .isInstanceOf(CtlDecodeException.class)
                    .satisfies(e -> assertThat(((CtlDecodeException) e).field()).isEqualTo("component_id"));
        }
    }

    @Property(tries = 100)
    void unpairedSurrogatesAreRefusedBothWays(@ForAll("text") String prefix, @ForAll char surrogate) {
        char c = (char) (0xD800 + (surrogate % 0x800));
        String bad = prefix + c;
        assertThatThrownBy(() -> CtlJson.encode(new HostLabel("k", bad))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value").hasMessageContaining("surrogate");
        assertThatThrownBy(() -> CtlJson.encode(new HostLabel("k", "v").equals(null) ? null
                : Map.of(bad, "v"))).isInstanceOf(IllegalArgumentException.class);
        String escaped = String.format("{\"key\":\"k\",\"value\":\"x\\u%04x\"}", (int) c);
        assertThatThrownBy(() -> CtlJson.decode(escaped.getBytes(StandardCharsets.UTF_8), HostLabel.class))
                .isInstanceOf(CtlDecodeException.class)
                .satisfies(e -> assertThat(((CtlDecodeException) e).field()).isEqualTo("value"));
    }

    private static final List<String> GOLDEN = List.of("host.json", "host-inventory.json",
            "component-auction-request.json", "component-auction-ack.json", "provider-auction-request.json",
            "provider-auction-ack.json", "scale-component-command.json", "update-component-command.json",
            "start-provider-command.json", "stop-provider-command.json", "stop-host-command.json", "link.json",
            "delete-link-request.json", "host-label.json", "host-label-identifier.json", "event-component-scaled.json");
    private static final List<Class<?>> TYPES = List.of(Host.class, HostInventory.class, ComponentAuctionRequest.class,
            ComponentAuctionAck.class, ProviderAuctionRequest.class, ProviderAuctionAck.class,
            ScaleComponentCommand.class, UpdateComponentCommand.class, StartProviderCommand.class,
            StopProviderCommand.class, StopHostCommand.class, Link.class, DeleteInterfaceLinkDefinitionRequest.class,
            HostLabel.class, HostLabelIdentifier.class, CloudEvent.class);

    /** Values of every JSON type, to put where another type belongs. */
    private static final List<JsonNode> REPLACEMENTS = List.of(NODES.textNode("x"), NODES.numberNode(7),
            NODES.numberNode(1.5), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode(),
            NODES.arrayNode().add(1), NODES.objectNode().put("k", 1), NODES.nullNode(), NODES.textNode("a.b"),
            NODES.numberNode(-1), NODES.numberNode(1L << 40));

    @Property(tries = 400)
    void mutatedGoldenPayloadsFailCleanlyNamingTheField(@ForAll("fileIndex") int file,
            @ForAll("fieldIndex") int fieldSeed, @ForAll("replacementIndex") int replacement) {
        ObjectNode tree = (ObjectNode) CtlJson.tree(Golden.bytes(GOLDEN.get(file)));
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            fields.add(it.next());
        }
        String field = fields.get(fieldSeed % fields.size());
        JsonNode original = tree.get(field);
        JsonNode value = REPLACEMENTS.get(replacement);
        tree.set(field, value);
        byte[] bytes = tree.toString().getBytes(StandardCharsets.UTF_8);
        Throwable t = catchThrowable(() -> CtlJson.decode(bytes, TYPES.get(file)));
        if (t != null) {
            assertThat(t).isInstanceOf(CtlDecodeException.class);
            assertThat(((CtlDecodeException) t).field()).startsWith(field);
            assertThat(t.getMessage()).contains(field);
        } else if (!value.isNull() && !sameShape(original, value) && !(field.equals("data"))) {
            throw new AssertionError(field + " = " + value + " (was " + original + ") was accepted in "
                    + GOLDEN.get(file));
        }
    }

    @Property(tries = 200)
    void removingAFieldNeverFailsOtherwise(@ForAll("fileIndex") int file, @ForAll("fieldIndex") int fieldSeed) {
        ObjectNode tree = (ObjectNode) CtlJson.tree(Golden.bytes(GOLDEN.get(file)));
        List<String> fields = new ArrayList<>();
        tree.fieldNames().forEachRemaining(fields::add);
        String field = fields.get(fieldSeed % fields.size());
        tree.remove(field);
        Throwable t = catchThrowable(() -> CtlJson.decode(tree.toString().getBytes(StandardCharsets.UTF_8),
                TYPES.get(file)));
        if (t != null) {
            assertThat(t).isInstanceOf(CtlDecodeException.class);
            assertThat(((CtlDecodeException) t).field()).isEqualTo(field);
            assertThat(t.getMessage()).contains(field + " is required");
        }
    }

    @Property(tries = 300)
    void arbitraryBytesNeverFailOtherwise(@ForAll byte[] bytes, @ForAll("fileIndex") int type) {
        Throwable t = catchThrowable(() -> CtlJson.decode(bytes, TYPES.get(type)));
        if (t != null) {
            assertThat(t).isInstanceOf(CtlDecodeException.class);
        }
    }

    private static boolean sameShape(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return true;
        }
        if (a.isTextual() && b.isTextual()) {
            return true;
        }
        return a.getNodeType() == b.getNodeType() && (a.size() == 0 || b.size() == 0 || a.isBoolean());
    }

    @Provide
    Arbitrary<Integer> fileIndex() {
        return Arbitraries.integers().between(0, GOLDEN.size() - 1);
    }

    @Provide
    Arbitrary<Integer> fieldIndex() {
        return Arbitraries.integers().between(0, 100);
    }

    @Provide
    Arbitrary<Integer> replacementIndex() {
        return Arbitraries.integers().between(0, REPLACEMENTS.size() - 1);
    }
}
