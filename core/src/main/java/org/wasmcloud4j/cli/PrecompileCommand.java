package org.wasmcloud4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wasmcloud4j.component.binary.DecodeException;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.PrecompiledModule;

/**
 * {@code precompile [--cache-dir DIR] <component.wasm>...}: compiles the core modules of components into the
 * compiled-code cache ({@link Engine#precompile}), so that a later start, of this command line or of an application
 * using the same directory, takes them from there. Prints the cache directory, then one line per core module: whether
 * it was already there (a hit) or compiled and stored, and how long that took.
 *
 * <p>Exit codes: 0 when every module is in the cache, 1 when a file cannot be read, is not a valid component, or a
 * module could not be stored (the log says why), 2 for a usage error.
 */
final class PrecompileCommand {
    private PrecompileCommand() {}

    static final String USAGE = "usage: precompile [--cache-dir DIR] <component.wasm>...";

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path cacheDir = null;
        int i = 0;
        for (; i < args.length && args[i].startsWith("--"); i++) {
            if (args[i].equals("--cache-dir") && i + 1 < args.length) {
                cacheDir = Path.of(args[++i]);
            } else if (args[i].equals("--")) {
                i++;
                break;
            } else {
                err.println("wasmcloud4j precompile: unknown or incomplete option '" + args[i] + "'");
                err.println(USAGE);
                return 2;
            }
        }
        if (i >= args.length) {
            err.println(USAGE);
            return 2;
        }
        Engine.Builder b = Engine.builder().mode(Engine.Mode.COMPILED);
        if (cacheDir != null) {
            b.compileCache(cacheDir);
        }
        int status = 0;
        try (Engine engine = b.build()) {
            if (engine.compileCacheDirectory().isEmpty()) {
                err.println("wasmcloud4j precompile: this build has no compiled-code cache (the log says why)");
                return 1;
            }
            out.println("cache " + engine.compileCacheDirectory().get());
            for (; i < args.length; i++) {
                Path file = Path.of(args[i]);
                List<PrecompiledModule> modules;
                try {
                    modules = engine.precompile(Files.readAllBytes(file));
                } catch (NoSuchFileException e) {
                    err.println("wasmcloud4j precompile: " + file + ": no such file");
                    status = 1;
                    continue;
                } catch (IOException e) {
                    err.println("wasmcloud4j precompile: " + file + ": " + e);
                    status = 1;
                    continue;
                } catch (DecodeException e) {   // and ValidationException, UnsupportedFeatureException
                    err.println("wasmcloud4j precompile: " + file + ": " + e.getMessage());
                    status = 1;
                    continue;
                }
                if (modules.isEmpty()) {
                    out.println(file + ": no core modules");
                }
                List<PrecompiledModule> unstored = new ArrayList<>();
                for (int m = 0; m < modules.size(); m++) {
                    PrecompiledModule p = modules.get(m);
                    out.println(file + ": core module " + (m + 1) + "/" + modules.size() + " " + p.sha256().substring(0, 12)
                            + ": " + describe(p));
                    if (p.outcome() == PrecompiledModule.Outcome.NOT_STORED) {
                        unstored.add(p);
                    }
                }
                if (!unstored.isEmpty()) {
                    err.println("wasmcloud4j precompile: " + file + ": " + unstored.size() + " of " + modules.size()
                            + " core modules could not be stored in " + engine.compileCacheDirectory().get()
                            + " (the log says why)");
                    status = 1;
                }
            }
        }
        return status;
    }

    private static String describe(PrecompiledModule p) {
        long ms = p.time().toMillis();
        return switch (p.outcome()) {
            case HIT -> "hit, " + ms + " ms";
            case STORED -> "compiled and stored, " + ms + " ms";
            case NOT_STORED -> "compiled, NOT stored, " + ms + " ms";
        };
    }
}
