package org.wasmcloud4j.examples;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.binary.DecodeException;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.WasmKind;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * The README's main job on the embedded default: loads a committed component and calls it.
 *
 * <p>Usage: {@code Demo [name ...]} calls {@code greet(name)} of the {@code wat-hello} component for each name
 * (default {@code World}). {@code --component FILE} loads another component of the same shape.
 *
 * <p>Until the component runtime lands (issue 4), this demo reaches into the component's single core module and
 * performs the canonical-ABI call of {@code greet: func(name: string) -> string} by hand: it allocates the
 * argument with {@code cabi_realloc}, writes UTF-8, calls, reads the result's (pointer, length) pair and calls
 * the post-return function.
 */
public final class Demo {
    private Demo() {}

    /** Entry point; see the class documentation. */
    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        byte[] component = null;
        String source = "committed fixture wat-hello.component";
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--component") && i + 1 < args.length) {
                Path file = Path.of(args[++i]);
                component = Files.readAllBytes(file);
                source = file.toString();
            } else if (!args[i].isBlank()) {
                names.add(args[i]);
            }
        }
        if (component == null) {
            component = Fixtures.bytes("wat-hello.component");
        }
        if (names.isEmpty()) {
            names.add("World");
        }
        try {
            Greeter greeter = Greeter.load(component);
            out.println("wasmcloud4j demo: loaded " + source + " (" + component.length + " bytes, "
                    + WasmKind.detect(component) + ")");
            for (String name : names) {
                out.println("greet(\"" + name + "\") = \"" + greeter.greet(name) + "\"");
            }
            return 0;
        } catch (DecodeException e) {
            err.println("wasmcloud4j demo: " + source + " is not a usable component: " + e.getMessage());
            return 2;
        }
    }

    /** The one core module of a {@code wat-hello}-shaped component, instantiated with the Chicory compiler. */
    static final class Greeter {
        private final Instance instance;

        private Greeter(Instance instance) {
            this.instance = instance;
        }

        static Greeter load(byte[] component) {
            if (WasmKind.detect(component) != WasmKind.COMPONENT) {
                throw new DecodeException(6, "expected a component, found a core module");
            }
            WasmModule module = Parser.parse(onlyCoreModule(component));
            return new Greeter(Instance.builder(module)
                    .withMachineFactory(MachineFactoryCompiler.compile(module))
                    .build());
        }

        String greet(String name) {
            Memory memory = instance.memory();
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            int ptr = utf8.length == 0 ? 1
                    : (int) instance.export("cabi_realloc").apply(0, 0, 1, utf8.length)[0];
            memory.write(ptr, utf8);
            int retArea = (int) instance.export("greet").apply(ptr, utf8.length)[0];
            int resultPtr = memory.readInt(retArea);
            int resultLen = memory.readInt(retArea + 4);
            String result = new String(memory.readBytes(resultPtr, resultLen), StandardCharsets.UTF_8);
            instance.export("cabi_post_greet").apply(retArea);
            return result;
        }

        /** Returns the bytes of the component's only core module. */
        private static byte[] onlyCoreModule(byte[] component) {
            DecodedComponent decoded = ComponentDecoder.decode(component);
            if (decoded.coreModules().size() != 1) {
                throw new DecodeException(WasmKind.PREAMBLE_LENGTH, "expected exactly one core module, found "
                        + decoded.coreModules().size());
            }
            return decoded.coreModules().get(0).bytes().toArray();
        }
    }
}
