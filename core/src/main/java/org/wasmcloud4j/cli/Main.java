package org.wasmcloud4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.binary.DecodeException;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.WasmKind;
import java.util.List;
import java.util.Optional;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.ExecutionTimeoutException;
import org.wasmcloud4j.component.runtime.Func;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.LinkException;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.types.ComponentType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Wave;
import org.wasmcloud4j.component.value.WaveParseException;
import org.wasmcloud4j.wasi.Wasi;
import org.wasmcloud4j.wasi.WasiConfig;
import org.wasmcloud4j.component.validate.ComponentTypes;
import org.wasmcloud4j.wit.WitException;
import org.wasmcloud4j.wit.WitLoader;
import org.wasmcloud4j.wit.WitPrinter;

/**
 * The {@code wasmcloud4j} command line.
 *
 * <pre>
 * wit &lt;component.wasm&gt;      print the component's WIT: its world and every interface it uses
 * wit &lt;file.wit | dir&gt;       parse and resolve WIT (a directory may have deps/) and print it back
 * invoke [--max-execution-time D] &lt;component.wasm&gt; 'f(args)'  call an export with WAVE arguments, print the result
 * run [--max-execution-time D] [--env K=V] &lt;component.wasm&gt; [args]  run a wasi:cli/run component, exit with its code
 * serve [--addr HOST:PORT] &lt;component.wasm&gt;  serve a wasi:http/incoming-handler component
 * precompile [--cache-dir DIR] &lt;component.wasm&gt;...  compile core modules into the compiled-code cache
 * </pre>
 *
 * <p>{@code invoke} and {@code run} stop guest code that runs longer than {@code --max-execution-time} (default
 * 60s for {@code invoke}, 10m for {@code run}, wasmCloud's default;
 * {@code 0} for no limit), with exit status 1.
 *
 * <p>Exit codes: 0 success, 1 invalid input (the message names the byte offset or line and column), a trap or the
 * time limit, 2 usage errors.
 */
public final class Main {
    private Main() {}

    /** The option setting the execution time limit of {@code invoke}, {@code run} and {@code serve}. */
    static final String MAX_EXECUTION_TIME = "--max-execution-time";
    /** {@code invoke}'s default execution time limit. */
    static final String INVOKE_DEFAULT_LIMIT = "60s";
    /** {@code run}'s default execution time limit: wasmCloud's host default. */
    static final String RUN_DEFAULT_LIMIT = "10m";
    /** The default time limit of one request served by {@code serve}. */
    static final String SERVE_DEFAULT_LIMIT = "60s";

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the command line with an empty standard input, returning the exit status instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, java.io.InputStream.nullInputStream(), out, err);
    }

    /** Runs the command line, returning the exit status instead of exiting; {@code in} is a guest's stdin. */
    public static int run(String[] args, java.io.InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "wit":
                    return wit(rest, out, err);
                case "invoke":
                    return invoke(rest, out, err);
                case "run":
                    return runCommand(rest, in, out, err);
                case "precompile":
                    return PrecompileCommand.run(rest, out, err);
                case "serve": {
                    Serving serving = startServe(rest, out, err);
                    if (serving == null) {
                        return 2;
                    }
                    try (serving) {
                        new java.util.concurrent.CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 0;
                }
                default:
                    err.println("wasmcloud4j: unknown command '" + command + "'");
                    usage(err);
                    return 2;
            }
        } catch (ExecutionTimeoutException e) {
            err.println("wasmcloud4j " + command + ": stopped: " + e.getMessage() + " (set it with "
                    + MAX_EXECUTION_TIME + ")");
            return 1;
        } catch (LinkException e) {
            err.println("wasmcloud4j " + command + ": the component has imports nothing here provides:");
            e.missing().forEach(m -> err.println("  " + m));
            return 1;
        } catch (Trap e) {
            err.println("wasmcloud4j " + command + ": trap: " + e.getMessage());
            return 1;
        } catch (DecodeException | WitException | WaveParseException e) {
            err.println("wasmcloud4j " + command + ": " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println("wasmcloud4j " + command + ": " + describe(e.getCause()));
            return 1;
        } catch (org.wasmcloud4j.host.HostException e) {
            err.println("wasmcloud4j " + command + ": " + e.getMessage());
            return 1;
        }
    }

    private static int wit(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: wit <component.wasm | file.wit | wit-directory>");
            return 2;
        }
        Path path = Path.of(args[0]);
        if (Files.isDirectory(path) || path.getFileName().toString().endsWith(".wit")) {
            out.print(WitPrinter.print(WitLoader.defaults().load(path)));
            return 0;
        }
        byte[] bytes = read(path);
        if (WasmKind.detect(bytes) == WasmKind.CORE_MODULE) {
            err.println("wasmcloud4j wit: " + path + " is a core WebAssembly module, not a component");
            return 1;
        }
        DecodedComponent decoded = ComponentDecoder.decode(bytes);
        ComponentType type = ComponentTypes.of(decoded);
        out.print(WitPrinter.printComponent(type));
        return 0;
    }

    private static int invoke(String[] args, PrintStream out, PrintStream err) {
        boolean interpret = false;
        java.time.Duration limit = parseDuration(INVOKE_DEFAULT_LIMIT);
        int i = 0;
        for (; i < args.length && args[i].startsWith("--"); i++) {
            if (args[i].equals("--interpreter")) {
                interpret = true;
            } else if (args[i].equals(MAX_EXECUTION_TIME) && i + 1 < args.length) {
                limit = parseDuration(args[++i], "invoke", err);
                if (limit == null) {
                    return 2;
                }
            } else {
                err.println("wasmcloud4j invoke: unknown or incomplete option '" + args[i] + "'");
                return 2;
            }
        }
        String[] a = Arrays.copyOfRange(args, i, args.length);
        if (a.length != 2) {
            err.println("usage: invoke [--interpreter] [" + MAX_EXECUTION_TIME + " DURATION] <component.wasm> "
                    + "'<func>(<wave args>)'");
            err.println("       <func> is an export name, or <interface>#<function> for an exported interface");
            return 2;
        }
        String call = a[1].strip();
        int open = call.indexOf('(');
        if (open <= 0 || !call.endsWith(")")) {
            err.println("wasmcloud4j invoke: expected '<func>(<wave args>)', got '" + call + "'");
            return 2;
        }
        String target = call.substring(0, open).strip();
        String argText = call.substring(open + 1, call.length() - 1);
        byte[] bytes = read(Path.of(a[0]));
        try (Engine engine = engine(interpret, limit)) {
            Component component = Component.fromBytes(engine, bytes);
            Instance instance = new Linker(engine).instantiatePre(component).instantiate();
            int hash = target.lastIndexOf('#');
            Optional<Func> func = hash < 0 ? instance.func(target)
                    : instance.func(target.substring(0, hash), target.substring(hash + 1));
            if (func.isEmpty()) {
                err.println("wasmcloud4j invoke: the component exports no function '" + target + "'");
                return 1;
            }
            List<ValType> types = func.get().type().params().stream().map(FuncType.Param::type).toList();
            func.get().call(Wave.parseArguments(argText, types)).ifPresent(v -> out.println(Wave.print(v)));
            return 0;
        }
    }

    private static int runCommand(String[] args, java.io.InputStream in, PrintStream out, PrintStream err) {
        WasiConfig.Builder config = WasiConfig.builder().stdin(in).stdout(out).stderr(err);
        boolean interpret = false;
        java.time.Duration limit = parseDuration(RUN_DEFAULT_LIMIT);
        int i = 0;
        for (; i < args.length && args[i].startsWith("--"); i++) {
            if (args[i].equals("--interpreter")) {
                interpret = true;
            } else if (args[i].equals(MAX_EXECUTION_TIME) && i + 1 < args.length) {
                limit = parseDuration(args[++i], "run", err);
                if (limit == null) {
                    return 2;
                }
            } else if ((args[i].equals("--dir") || args[i].equals("--dir-ro")) && i + 1 < args.length) {
                boolean readOnly = args[i].equals("--dir-ro");
                String spec = args[++i];
                int sep = spec.indexOf("::");
                String host = sep < 0 ? spec : spec.substring(0, sep);
                String guest = sep < 0 ? spec : spec.substring(sep + 2);
                try {
                    config.preopen(Path.of(host), guest, readOnly);
                } catch (IllegalArgumentException e) {
                    err.println("wasmcloud4j run: " + e.getMessage());
                    return 2;
                }
            } else if (args[i].equals("--env") && i + 1 < args.length && args[i + 1].indexOf('=') > 0) {
                String kv = args[++i];
                config.env(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            } else if (i + 1 < args.length && ALLOW_OPTIONS.contains(args[i])) {
                if (!allow(config, args[i], args[++i], err, "run")) {
                    return 2;
                }
            } else {
                err.println("wasmcloud4j run: unknown or incomplete option '" + args[i] + "'");
                return 2;
            }
        }
        if (i >= args.length) {
            err.println("usage: run [--interpreter] [" + MAX_EXECUTION_TIME + " DURATION] [--env K=V]... "
                    + "[--dir HOST::GUEST]... [--dir-ro HOST::GUEST]... "
                    + "[--allow-tcp|--allow-udp ADDR]... [--allow-http AUTHORITY]... [--allow-lookup NAME]... "
                    + "<component.wasm> [args...]");
            return 2;
        }
        Path file = Path.of(args[i]);
        config.args(file.getFileName().toString());
        config.args(Arrays.asList(args).subList(i + 1, args.length));
        byte[] bytes = read(file);
        int code;
        try (Engine engine = engine(interpret, limit)) {
            Component component = Component.fromBytes(engine, bytes);
            List<String> exports = List.copyOf(component.type().exports().keySet());
            if (exports.stream().noneMatch(e -> e.startsWith("wasi:cli/run@0.2."))) {
                err.println("wasmcloud4j run: " + file + " is not a command: it exports no wasi:cli/run@0.2.x, "
                        + (exports.isEmpty() ? "nothing at all" : "only " + String.join(", ", exports))
                        + (exports.isEmpty() ? "" : " (call a function with 'invoke')"));
                return 1;
            }
            Linker linker = new Linker(engine);
            // WASI with wasi:http, so that commands making outgoing requests link too
            org.wasmcloud4j.wasi.WasiHttp.addToLinker(linker, config.build());
            try (Instance instance = linker.instantiatePre(component).instantiate()) {
                code = Wasi.run(instance);
            }
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The network allow-list options of {@code run} and {@code serve}. */
    private static final java.util.Set<String> ALLOW_OPTIONS =
            java.util.Set.of("--allow-tcp", "--allow-udp", "--allow-http", "--allow-lookup");

    /**
     * Applies a network allow-list option ({@code --allow-tcp}, {@code --allow-udp}, {@code --allow-http},
     * {@code --allow-lookup}, see {@link #ALLOW_OPTIONS}); false after reporting a bad value.
     */
    private static boolean allow(WasiConfig.Builder config, String option, String value, PrintStream err,
            String command) {
        try {
            switch (option) {
                case "--allow-tcp": config.allowTcp(value); return true;
                case "--allow-udp": config.allowUdp(value); return true;
                case "--allow-http": config.allowHttp(value); return true;
                case "--allow-lookup": config.allowNameLookup(value); return true;
                default: throw new IllegalStateException(option);
            }
        } catch (IllegalArgumentException e) {
            err.println("wasmcloud4j " + command + ": " + e.getMessage());
            return false;
        }
    }

    /** A served component: its host and router; closing stops both. */
    static final class Serving implements AutoCloseable {
        private final org.wasmcloud4j.host.Host host;
        private final org.wasmcloud4j.host.HttpRouter router;

        Serving(org.wasmcloud4j.host.Host host, org.wasmcloud4j.host.HttpRouter router) {
            this.host = host;
            this.router = router;
        }

        /** The address it listens on. */
        java.net.InetSocketAddress address() {
            return router.address();
        }

        @Override
        public void close() {
            router.close();
            host.stop(java.time.Duration.ofSeconds(1));
        }
    }

    /** The interface a served component must export (any 0.2.x version). */
    private static final String INCOMING_HANDLER = "wasi:http/incoming-handler@0.2";

    /**
     * Starts serving a {@code wasi:http/incoming-handler} component on an embedded host (its slots, execution time
     * limit and HTTP router, on the server of {@code wasmcloud4j-http-server}); returns null after a usage error.
     *
     * @throws org.wasmcloud4j.host.HostException when the component exports no incoming handler (naming what it
     *         exports), does not start, or no HTTP server is on the class path
     */
    static Serving startServe(String[] args, PrintStream out, PrintStream err) {
        String addr = "127.0.0.1:8080";
        boolean interpret = false;
        java.time.Duration maxExecutionTime = parseDuration(SERVE_DEFAULT_LIMIT);
        int maxInstances = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        WasiConfig.Builder config = WasiConfig.builder().stdout(out).stderr(err);
        int i = 0;
        for (; i < args.length && args[i].startsWith("--"); i++) {
            if (args[i].equals("--addr") && i + 1 < args.length) {
                addr = args[++i];
            } else if (args[i].equals("--interpreter")) {
                interpret = true;
            } else if (args[i].equals("--max-execution-time") && i + 1 < args.length) {
                maxExecutionTime = parseDuration(args[++i], "serve", err);
                if (maxExecutionTime == null) {
                    return null;
                }
                if (maxExecutionTime.isZero()) {   // no limit: the host's watchdog takes the longest duration allowed
                    maxExecutionTime = MAX_DURATION;
                }
            } else if (args[i].equals("--max-instances") && i + 1 < args.length) {
                try {
                    maxInstances = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    maxInstances = 0;
                }
                if (maxInstances < 1) {
                    err.println("wasmcloud4j serve: --max-instances takes a positive number, got '" + args[i] + "'");
                    return null;
                }
            } else if (i + 1 < args.length && ALLOW_OPTIONS.contains(args[i])) {
                if (!allow(config, args[i], args[++i], err, "serve")) {
                    return null;
                }
            } else {
                err.println("wasmcloud4j serve: unknown or incomplete option '" + args[i] + "'");
                return null;
            }
        }
        int colon = addr.lastIndexOf(':');
        int port = -1;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(addr.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (i != args.length - 1 || port < 0 || port > 65535) {
            err.println("usage: serve [--interpreter] [--addr HOST:PORT] [--max-execution-time DURATION] "
                    + "[--max-instances N] [--allow-http AUTHORITY]... [--allow-tcp|--allow-udp ADDR]... "
                    + "[--allow-lookup NAME]... <component.wasm>");
            return null;
        }
        Path file = Path.of(args[i]);
        ComponentType type = ComponentTypes.of(ComponentDecoder.decode(read(file)));
        if (type.exports().keySet().stream().noneMatch(e -> e.startsWith(INCOMING_HANDLER))) {
            throw new org.wasmcloud4j.host.HostException(file + " does not export wasi:http/incoming-handler@0.2.x, "
                    + "so it cannot serve HTTP; it exports: " + (type.exports().isEmpty() ? "nothing"
                    : String.join(", ", type.exports().keySet())));
        }
        org.wasmcloud4j.host.Host host = org.wasmcloud4j.host.Host.builder()
                .engineMode(interpret ? Engine.Mode.INTERPRETER : Engine.Mode.COMPILED)
                .maxExecutionTime(maxExecutionTime).wasi(config.build()).build();
        try {
            host.startComponent("serve", file.toAbsolutePath().toString(), maxInstances);
            org.wasmcloud4j.host.HttpRouter router = host.serveHttp(new java.net.InetSocketAddress(
                    addr.substring(0, colon), port)).routePath("/", "serve");
            out.println("serving " + args[i] + " on http://" + addr.substring(0, colon) + ":"
                    + router.address().getPort() + "/");
            out.flush();
            return new Serving(host, router);
        } catch (IOException e) {
            host.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Engine engine(boolean interpret) {
        return Engine.builder().mode(interpret ? Engine.Mode.INTERPRETER : Engine.Mode.COMPILED).build();
    }

    /**
     * An engine whose calls stop after {@code maxExecutionTime} ({@link java.time.Duration#ZERO}: no limit); close it
     * when done, which stops the thread enforcing the limit.
     */
    static Engine engine(boolean interpret, java.time.Duration maxExecutionTime) {
        return Engine.builder().mode(interpret ? Engine.Mode.INTERPRETER : Engine.Mode.COMPILED)
                .maxExecutionTime(maxExecutionTime).build();
    }

    /**
     * The value of {@value #MAX_EXECUTION_TIME}: a whole number with a unit, {@code ms}, {@code s}, {@code m} or
     * {@code h} ({@code 500ms}, {@code 30s}, {@code 5m}), or {@code 0} for no limit; {@code null} after printing what
     * is wrong with it to {@code err} as {@code command}'s error.
     */
    static java.time.Duration parseDuration(String text, String command, PrintStream err) {
        try {
            return parseDuration(text);
        } catch (IllegalArgumentException e) {
            err.println("wasmcloud4j " + command + ": " + MAX_EXECUTION_TIME + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Parses a duration as {@link #parseDuration(String, String, PrintStream)} does.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static java.time.Duration parseDuration(String text) {
        java.util.regex.Matcher m = DURATION.matcher(text.strip());
        if (text.strip().equals("0")) {
            return java.time.Duration.ZERO;
        }
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m or 1h (0 for no limit), got '"
                    + text + "'");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too long", e);
        }
        java.time.temporal.ChronoUnit unit = switch (m.group(2)) {
            case "ms" -> java.time.temporal.ChronoUnit.MILLIS;
            case "s" -> java.time.temporal.ChronoUnit.SECONDS;
            case "m" -> java.time.temporal.ChronoUnit.MINUTES;
            default -> java.time.temporal.ChronoUnit.HOURS;
        };
        if (n > MAX_DURATION.toMillis() / unit.getDuration().toMillis()) {
            throw new IllegalArgumentException("duration '" + text + "' is longer than the most allowed, "
                    + MAX_DURATION.toDays() + " days");
        }
        return java.time.Duration.of(n, unit);
    }

    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("([0-9]{1,19})(ms|s|m|h)");
    /** The longest limit accepted: far beyond any use, well within what the watchdog can count. */
    private static final java.time.Duration MAX_DURATION = java.time.Duration.ofDays(365);

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        return e.toString();
    }

    private static void usage(PrintStream s) {
        s.println("usage: wasmcloud4j <command> [arguments]");
        s.println();
        s.println("commands:");
        s.println("  wit <component.wasm>     print the component's WIT: its world and every interface it uses");
        s.println("  wit <file.wit | dir>     parse and resolve WIT (a directory may have deps/) and print it");
        s.println("  invoke [--interpreter] [--max-execution-time D] <component.wasm> '<func>(<wave args>)'");
        s.println("                           call an export (or <interface>#<function>) and print the WAVE result;");
        s.println("                           stopped after D (default " + INVOKE_DEFAULT_LIMIT + ")");
        s.println("  run [--interpreter] [--max-execution-time D] [--env K=V]... [--dir HOST::GUEST]...");
        s.println("      [--dir-ro HOST::GUEST]... [network options] <component.wasm> [args...]");
        s.println("                           run a wasi:cli/run component; exits with its exit code;");
        s.println("                           stopped after D (default " + RUN_DEFAULT_LIMIT + ")");
        s.println("  serve [--interpreter] [--addr HOST:PORT] [--max-execution-time D] [--max-instances N]");
        s.println("      [network options] <component.wasm>");
        s.println("                           serve a wasi:http/incoming-handler component (default 127.0.0.1:8080);");
        s.println("                           each request stopped after D (default " + SERVE_DEFAULT_LIMIT + ");");
        s.println("                           needs wasmcloud4j-http-server on the class path");
        s.println("  precompile [--cache-dir DIR] <component.wasm>...");
        s.println("                           compile the components' core modules into the compiled-code cache");
        s.println("                           (default $XDG_CACHE_HOME/wasmcloud4j/compiled, else under ~/.cache)");
        s.println("                           so that later starts load them instead of compiling;");
        s.println("                           prints one line per core module: hit, or compiled and stored");
        s.println();
        s.println("durations D: 500ms, 30s, 5m, 1h; 0 for no limit");
        s.println();
        s.println("network options (nothing is allowed by default):");
        s.println("  --allow-tcp IP:PORT      TCP connect/bind (IPv6 as [ADDR]:PORT; port 0 binds any port; * all)");
        s.println("  --allow-udp IP:PORT      UDP bind/send");
        s.println("  --allow-http HOST:PORT   outgoing wasi:http requests to this authority");
        s.println("  --allow-lookup NAME      wasi:sockets name lookup of this host name");
    }
}
