package org.wasmcloud4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.ExportDef;
import org.wasmcloud4j.component.binary.ImportDef;
import org.wasmcloud4j.component.types.ComponentType;
import org.wasmcloud4j.component.types.ExternType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.validate.ComponentTypes;
import org.wasmcloud4j.wit.WitPrinter;

/**
 * The README's embedding example: decodes a component and lists its imports and exports, telling for each
 * versioned interface import whether a host offering the same interface at another patch version would satisfy it,
 * and prints the type of each export.
 *
 * <p>Usage: {@code InspectComponent file.wasm}.
 */
public final class InspectComponent {
    private InspectComponent() {}

    /** Entry point. */
    public static void main(String[] args) throws IOException {
        inspect(Files.readAllBytes(Path.of(args[0])), System.out);
    }

    static void inspect(byte[] bytes, PrintStream out) {
        DecodedComponent component = ComponentDecoder.decode(bytes);   // DecodeException names the byte offset
        for (ImportDef imp : component.imports()) {
            out.println("import " + imp.name() + InterfaceName.tryParse(imp.name())
                    .flatMap(InterfaceName::version)
                    .map(v -> " (a host at " + v.major() + "." + v.minor() + ".99 satisfies it: "
                            + InterfaceName.parse(imp.name()).isSatisfiedBy(InterfaceName.parse(
                                    InterfaceName.parse(imp.name()).unversioned() + "@" + v.major() + "." + v.minor()
                                            + ".99")) + ")")
                    .orElse(""));
        }
        ComponentType type = ComponentTypes.of(component);              // ValidationException names the offset
        for (ExportDef exp : component.exports()) {
            ExternType t = type.exports().get(exp.name());
            out.println("export " + exp.name() + (t instanceof FuncType f ? ": " + f
                    : t instanceof InterfaceType i ? " { " + String.join(", ", i.functions().keySet()) + " }" : ""));
        }
        out.println();
        out.print(WitPrinter.printComponent(type));                       // the full WIT of the component
    }
}
