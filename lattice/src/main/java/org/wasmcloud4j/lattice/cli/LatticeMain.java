package org.wasmcloud4j.lattice.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.wasmcloud4j.cli.Main;
import org.wasmcloud4j.lattice.ctl.CtlException;

/**
 * The {@code wasmcloud4j} command line with the lattice module: {@code ctl} verbs on the control interface of a
 * wasmCloud 1.x lattice (see {@code ctl --help}); every other command ({@code wit}, {@code invoke}, {@code run},
 * {@code serve}) is core's {@link Main}.
 *
 * <p>Exit codes: 0 success; 1 the operation failed (a host refused it, no host answered, no reply in time, a bad
 * reply, nothing found), with the message on stderr; 2 a usage error.
 */
public final class LatticeMain {
    private LatticeMain() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, System.getenv()));
    }

    /** Runs the command line with an empty stdin and no environment defaults, returning the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, InputStream.nullInputStream(), out, err, Map.of());
    }

    /**
     * Runs the command line, returning the exit status. {@code env} supplies defaults for {@code ctl}'s options
     * ({@code WASMCLOUD_NATS_URL}, {@code WASMCLOUD_LATTICE}, {@code WASMCLOUD_CTL_TOPIC_PREFIX}).
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            PrintStream s = args.length == 0 ? err : out;
            usage(s);
            s.println();
            Main.run(new String[] {"--help"}, in, s, err);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "ctl":
                return ctl(rest, out, err, env);
            case "host":
                return org.wasmcloud4j.lattice.launcher.HostLauncher.run(rest, env, err);
            case "blobstore-provider":
                return BlobstoreProviderCommand.run(rest, env, err);
            default:
                return Main.run(args, in, out, err);
        }
    }

    private static int ctl(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            return new CtlCommand(out, env).run(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("(wasmcloud4j ctl --help lists the verbs)");
            return 2;
        } catch (CtlCommand.NotFound e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (CtlException e) {
            // refused, no responders, timeout, a reply that does not decode (CtlDecodeException), no connection
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            // an argument a payload record refused (an id that is not a NATS token, an empty name...)
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static void usage(PrintStream s) {
        s.println("usage: wasmcloud4j host [flags]   a standalone host on NATS (wasmcloud4j host --help)");
        s.println("       wasmcloud4j ctl <verb> [arguments] [ctl options]");
        s.println("       wasmcloud4j blobstore-provider --id <id> --root <dir>   a directory as a blobstore provider");
        s.println();
        s.println("control-interface commands (any wasmCloud 1.x lattice):");
        CtlCommand.usage(s);
    }
}
