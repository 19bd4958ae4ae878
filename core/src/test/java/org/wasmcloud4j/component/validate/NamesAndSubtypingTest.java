package org.wasmcloud4j.component.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.TypeOwner;

class NamesAndSubtypingTest {
    @Test
    void parsesEveryExternNameForm() {
        assertThat(ExternName.parse("greet").kind()).isEqualTo(ExternName.Kind.LABEL);
        ExternName m = ExternName.parse("[method]counter.increment");
        assertThat(m.kind()).isEqualTo(ExternName.Kind.METHOD);
        assertThat(m.resource()).isEqualTo("counter");
        assertThat(m.label()).isEqualTo("increment");
        assertThat(ExternName.parse("[constructor]counter").kind()).isEqualTo(ExternName.Kind.CONSTRUCTOR);
        assertThat(ExternName.parse("[static]counter.new-one").kind()).isEqualTo(ExternName.Kind.STATIC);
        assertThat(ExternName.parse("wasi:io/streams@0.2.0").interfaceName())
                .contains(InterfaceName.parse("wasi:io/streams@0.2.0"));
        assertThat(ExternName.parse("url=<https://example.com>").kind()).isEqualTo(ExternName.Kind.DEPENDENCY);
        assertThatThrownBy(() -> ExternName.parse("Bad_Name")).hasMessageContaining("not a kebab-case label");
        assertThatThrownBy(() -> ExternName.parse("wasi:io/streams@0.2")).hasMessageContaining("not a valid interface name");
        assertThatThrownBy(() -> ExternName.parse("[method]counter")).hasMessageContaining("resource.function");
        assertThatThrownBy(() -> ExternName.parse("")).hasMessageContaining("empty");
    }

    @Test
    void functionsMatchStructurallyIgnoringTypeNames() {
        RecordType point = new RecordType(List.of(new RecordType.Field("x", PrimitiveType.S32)));
        NamedType named = new NamedType(new TypeOwner.Local("a"), "point", point);
        FuncType a = FuncType.of(List.of(new FuncType.Param("p", named)), new ListType(named));
        FuncType b = FuncType.of(List.of(new FuncType.Param("p", point)), new ListType(point));
        assertThat(Subtyping.mismatch(a, b)).isEmpty();
        FuncType c = FuncType.of(List.of(new FuncType.Param("q", point)), null);
        assertThat(Subtyping.mismatch(c, b)).contains("parameter 0 is named 'q', expected 'p'");
        FuncType d = FuncType.of(List.of(new FuncType.Param("p", point)), PrimitiveType.U32);
        assertThat(Subtyping.mismatch(d, b)).hasValueSatisfying(s -> assertThat(s).startsWith("result: expected list<"));
    }

    @Test
    void instancesMayExportMoreThanRequired() {
        FuncType f = FuncType.of(List.of(), PrimitiveType.STRING);
        InterfaceType wanted = new InterfaceType(Optional.empty(), Map.of(), Map.of("get", f));
        InterfaceType offered = new InterfaceType(Optional.empty(), Map.of(),
                Map.of("get", f, "extra", FuncType.of(List.of(), null)));
        assertThat(Subtyping.mismatch(offered, wanted)).isEmpty();
        assertThat(Subtyping.mismatch(wanted, new InterfaceType(Optional.empty(), Map.of(), Map.of("put", f))))
                .contains("missing function 'put'");
        assertThat(Subtyping.mismatch(f, wanted)).contains("expected an instance, found a function");
    }
}
