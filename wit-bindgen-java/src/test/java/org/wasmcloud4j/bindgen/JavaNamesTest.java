package org.wasmcloud4j.bindgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.lang.model.SourceVersion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JavaNamesTest {
    @Test
    void mapsWitNamesToJavaConventions() {
        assertThat(JavaNames.typeName("http-request")).isEqualTo("HttpRequest");
        assertThat(JavaNames.typeName("%record")).isEqualTo("Record");
        assertThat(JavaNames.memberName("get-greeting")).isEqualTo("getGreeting");
        assertThat(JavaNames.memberName("%interface")).isEqualTo("interface_");
        assertThat(JavaNames.memberName("default")).isEqualTo("default_");
        assertThat(JavaNames.constantName("not-found")).isEqualTo("NOT_FOUND");
        assertThat(JavaNames.memberName("u8-to-string")).isEqualTo("u8ToString");
        assertThat(JavaNames.typeName("HTTP-status")).isEqualTo("HTTPStatus");
    }

    @Test
    void rejectsNonIdentifiers() {
        assertThatThrownBy(() -> JavaNames.typeName("a--b")).hasMessageContaining("a--b");
        assertThatThrownBy(() -> JavaNames.typeName("1abc")).hasMessageContaining("'1'");
        assertThatThrownBy(() -> JavaNames.memberName("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void everyWitIdentifierBecomesALegalJavaName(@ForAll("witIds") String id) {
        assertThat(SourceVersion.isName(JavaNames.typeName(id))).as(id).isTrue();
        assertThat(SourceVersion.isName(JavaNames.memberName(id))).as(id).isTrue();
        assertThat(SourceVersion.isName(JavaNames.constantName(id))).as(id).isTrue();
    }

    @Provide
    Arbitrary<String> witIds() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6)
                .flatMap(head -> Arbitraries.strings().withCharRange('0', '9').ofMaxLength(2).map(tail -> head + tail));
        return word.list().ofMinSize(1).ofMaxSize(4).map(ws -> String.join("-", ws));
    }
}
