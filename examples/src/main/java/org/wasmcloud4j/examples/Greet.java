package org.wasmcloud4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wasmcloud4j.component.binary.DecodeException;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Func;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.LinkException;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * Calls committed components directly through the component runtime, without a host.
 *
 * <p>Usage: {@code Greet [name ...]} calls {@code greet(name)} for each name (default {@code World}) on two
 * committed components: {@code wat-hello} (hand-written component WAT) and {@code js-greeter} (JavaScript on
 * QuickJS, 24 nested components), whose {@code example:greeter/logger} import is implemented here in Java.
 * {@code --component FILE} loads another component exporting {@code greet: func(name: string) -> string}.
 */
public final class Greet {
    private Greet() {}

    /** Entry point; see the class documentation. */
    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        List<String> names = new ArrayList<>();
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--component") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (!args[i].isBlank()) {
                names.add(args[i]);
            }
        }
        if (names.isEmpty()) {
            names.add("World");
        }
        try {
            if (file != null) {
                greet(file.toString(), Files.readAllBytes(file), Engine.defaults(), names, out);
            } else {
                greet("wat-hello.component", Fixtures.bytes("wat-hello.component"), Engine.defaults(), names, out);
                // the 1.6 MB QuickJS component starts faster interpreted than compiled
                greet("js-greeter.qjs", Fixtures.bytes("js-greeter.qjs"),
                        Engine.builder().mode(Engine.Mode.INTERPRETER).build(), names, out);
            }
            return 0;
        } catch (DecodeException | LinkException | Trap | IllegalArgumentException e) {
            err.println("wasmcloud4j greet: " + (file == null ? "" : file + ": ") + e.getMessage());
            return 2;
        }
    }

    private static void greet(String source, byte[] bytes, Engine engine, List<String> names, PrintStream out) {
        long start = System.nanoTime();
        Component component = Component.fromBytes(engine, bytes);       // decode, validate, compile core modules
        Linker linker = new Linker(engine).defineJavaFunction("example:greeter/logger@0.1.0", "log", args -> {
            out.println("  [log from the component] " + args.get(0));
            return null;
        });
        Instance instance = linker.instantiatePre(component).instantiate();
        out.printf("wasmcloud4j greet: %s (%d bytes, %s) ready in %d ms%n", source, bytes.length,
                engine.mode().name().toLowerCase(java.util.Locale.ROOT), (System.nanoTime() - start) / 1_000_000);
        Func greet = instance.func("greet").orElseThrow(
                () -> new IllegalArgumentException("the component exports no function greet(name: string)"));
        for (String name : names) {
            out.println("greet(\"" + name + "\") = \"" + greet.callJava(name) + "\"");
        }
        instance.func("greet-logged").ifPresent(f -> out.println("greet-logged(\"" + names.get(0) + "\") = \""
                + f.callJava(names.get(0)) + "\""));
    }
}
