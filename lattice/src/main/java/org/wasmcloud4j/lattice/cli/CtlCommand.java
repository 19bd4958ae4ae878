package org.wasmcloud4j.lattice.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wasmcloud4j.lattice.ctl.CloudEvent;
import org.wasmcloud4j.lattice.ctl.CtlClient;
import org.wasmcloud4j.lattice.ctl.CtlJson;
import org.wasmcloud4j.lattice.ctl.CtlResponse;
import org.wasmcloud4j.lattice.ctl.CtlSubjects;
import org.wasmcloud4j.lattice.ctl.DeleteInterfaceLinkDefinitionRequest;
import org.wasmcloud4j.lattice.ctl.EventStream;
import org.wasmcloud4j.lattice.ctl.Link;
import org.wasmcloud4j.lattice.ctl.ScaleComponentCommand;
import org.wasmcloud4j.lattice.ctl.StartProviderCommand;
import org.wasmcloud4j.lattice.ctl.UpdateComponentCommand;

/** {@code wasmcloud4j ctl …}: one control-interface operation through {@link CtlClient}, its JSON on stdout. */
final class CtlCommand {
    /** Environment variables read for defaults, as wasmCloud's host and {@code wash} name them. */
    static final String ENV_NATS_URL = "WASMCLOUD_NATS_URL";
    static final String ENV_LATTICE = "WASMCLOUD_LATTICE";
    static final String ENV_CTL_PREFIX = "WASMCLOUD_CTL_TOPIC_PREFIX";

    private static final Set<String> VALUED = Set.of("--nats-url", "--lattice", "--ctl-prefix", "--timeout",
            "--request-timeout", "--gather-timeout", "--creds", "--config", "--annotation", "--name",
            "--source-config", "--target-config", "--count", "--for", "--constraint");
    private static final Set<String> SWITCHES = Set.of("--allow-update", "--help");

    private final PrintStream out;
    private final Map<String, String> env;

    CtlCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    static void usage(PrintStream s) {
        s.println("  ctl get hosts                      ping every host of the lattice (gathers for --gather-timeout)");
        s.println("  ctl get inventory <host-id>        what runs on a host");
        s.println("  ctl get links | claims             every link / every claim of the lattice");
        s.println("  ctl get config <name>              named config (exit 1 if there is none)");
        s.println("  ctl scale <host-id> <component-id> <image-ref> <count> [--config NAME]... [--annotation K=V]...");
        s.println("      [--allow-update]               scale a component (0 stops it); the result comes as an event");
        s.println("  ctl update <host-id> <component-id> <new-image-ref> [--annotation K=V]...");
        s.println("  ctl provider start <host-id> <provider-id> <image-ref> [--config NAME]...");
        s.println("  ctl provider stop <host-id> <provider-id>");
        s.println("  ctl auction component <image-ref> <component-id> [--constraint K=V]...");
        s.println("  ctl link put <source> <target> <wit-namespace> <wit-package> <interface>... [--name N]");
        s.println("      [--source-config NAME]... [--target-config NAME]...");
        s.println("  ctl link del <source> <wit-namespace> <wit-package> [--name N]");
        s.println("  ctl config put <name> K=V...       ctl config del <name>");
        s.println("  ctl label put <host-id> K=V        ctl label del <host-id> K");
        s.println("  ctl host stop <host-id> [--timeout MS]  (here --timeout is the host's deadline in ms)");
        s.println("  ctl events [name] [--count N] [--for D]  print lattice events as they come");
        s.println();
        s.println("ctl options: --nats-url URL[,URL...] (env " + ENV_NATS_URL + ", default nats://127.0.0.1:4222)");
        s.println("  --lattice NAME (env " + ENV_LATTICE + ", default default)  --ctl-prefix P (env " + ENV_CTL_PREFIX
                + ", default wasmbus.ctl)");
        s.println("  --timeout D request timeout (default 2s; --request-timeout in 'host stop')  --gather-timeout D "
                + "(default 5s)");
        s.println("  --creds FILE NATS credentials file");
        s.println("ctl output: JSON on stdout; exit 0 ok, 1 the operation failed (message on stderr), 2 usage error");
    }

    int run(List<String> argv) {
        Args a = Args.parse(argv, VALUED, SWITCHES);
        List<String> p = a.positional();
        if (a.has("--help") || p.isEmpty()) {
            usage(out);
            return p.isEmpty() && !a.has("--help") ? 2 : 0;
        }
        String verb = p.get(0);
        boolean hostStop = verb.equals("host");
        try (CtlClient ctl = connect(a, hostStop)) {
            return switch (verb) {
                case "get" -> get(ctl, p);
                case "scale" -> scale(ctl, a, p);
                case "update" -> {
                    arity(p, 4, 4, "update <host-id> <component-id> <new-image-ref>");
                    yield message(ctl.updateComponent(p.get(1), new UpdateComponentCommand(p.get(2),
                            Args.pairs("--annotation", a.values("--annotation"), true), p.get(1), p.get(3))));
                }
                case "provider" -> provider(ctl, a, p);
                case "auction" -> {
                    arity(p, 4, 4, "auction component <image-ref> <component-id>");
                    if (!p.get(1).equals("component")) {
                        throw new UsageException("only 'ctl auction component' is supported");
                    }
                    print(ctl.auctionComponent(new org.wasmcloud4j.lattice.ctl.ComponentAuctionRequest(p.get(2),
                            p.get(3), Args.pairs("--constraint", a.values("--constraint"), true))));
                    yield 0;
                }
                case "link" -> link(ctl, a, p);
                case "config" -> config(ctl, p);
                case "label" -> label(ctl, p);
                case "host" -> {
                    arity(p, 3, 3, "host stop <host-id>");
                    if (!p.get(1).equals("stop")) {
                        throw new UsageException("unknown 'ctl host' verb '" + p.get(1) + "' (only 'stop')");
                    }
                    Duration deadline = a.has("--timeout")
                            ? Duration.ofMillis(Args.count("--timeout", a.value("--timeout", "0"), Long.MAX_VALUE))
                            : null;
                    yield message(ctl.stopHost(p.get(2), deadline));
                }
                case "events" -> events(ctl, a, p);
                default -> throw new UsageException("unknown ctl verb '" + verb + "'");
            };
        }
    }

    private CtlClient connect(Args a, boolean hostStop) {
        String urls = a.value("--nats-url", env.getOrDefault(ENV_NATS_URL, "nats://127.0.0.1:4222"));
        CtlClient.Builder b = CtlClient.builder().servers(Arrays.asList(urls.split(",")))
                .lattice(a.value("--lattice", env.getOrDefault(ENV_LATTICE, "default")))
                .ctlPrefix(a.value("--ctl-prefix", env.getOrDefault(ENV_CTL_PREFIX, CtlSubjects.DEFAULT_PREFIX)));
        if (!hostStop && a.has("--timeout")) {
            b.requestTimeout(positive("--timeout", Args.duration("--timeout", a.value("--timeout", null))));
        }
        if (a.has("--request-timeout")) {
            b.requestTimeout(positive("--request-timeout", Args.duration("--request-timeout",
                    a.value("--request-timeout", null))));
        }
        if (a.has("--gather-timeout")) {
            b.gatherTimeout(positive("--gather-timeout", Args.duration("--gather-timeout",
                    a.value("--gather-timeout", null))));
        }
        if (a.has("--creds")) {
            b.credsFile(java.nio.file.Path.of(a.value("--creds", null)));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Duration positive(String flag, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new UsageException(flag + " must be positive");
        }
        return d;
    }

    private int get(CtlClient ctl, List<String> p) {
        if (p.size() < 2) {
            throw new UsageException("usage: ctl get hosts|inventory <host-id>|links|config <name>|claims");
        }
        switch (p.get(1)) {
            case "hosts" -> {
                arity(p, 2, 2, "get hosts");
                print(ctl.getHosts());
            }
            case "inventory" -> {
                arity(p, 3, 3, "get inventory <host-id>");
                print(ctl.getInventory(p.get(2)));
            }
            case "links" -> {
                arity(p, 2, 2, "get links");
                print(ctl.getLinks());
            }
            case "claims" -> {
                arity(p, 2, 2, "get claims");
                print(ctl.getClaims());
            }
            case "config" -> {
                arity(p, 3, 3, "get config <name>");
                Optional<Map<String, String>> c = ctl.getConfig(p.get(2));
                if (c.isEmpty()) {
                    throw new NotFound("no config named '" + p.get(2) + "'");
                }
                print(c.get());
            }
            default -> throw new UsageException("unknown 'ctl get' target '" + p.get(1) + "'");
        }
        return 0;
    }

    private int scale(CtlClient ctl, Args a, List<String> p) {
        arity(p, 5, 5, "scale <host-id> <component-id> <image-ref> <count>");
        int count = (int) Args.count("count", p.get(4), Integer.MAX_VALUE);
        ScaleComponentCommand cmd = ScaleComponentCommand.of(p.get(3), p.get(2), count)
                .withConfig(a.values("--config"))
                .withAnnotations(Args.pairs("--annotation", a.values("--annotation"), true))
                .withAllowUpdate(a.has("--allow-update"));
        return message(ctl.scaleComponent(p.get(1), cmd));
    }

    private int provider(CtlClient ctl, Args a, List<String> p) {
        if (p.size() >= 2 && p.get(1).equals("start")) {
            arity(p, 5, 5, "provider start <host-id> <provider-id> <image-ref>");
            return message(ctl.startProvider(p.get(2), new StartProviderCommand(p.get(3), p.get(4), p.get(2),
                    a.values("--config"), Map.of())));
        }
        if (p.size() >= 2 && p.get(1).equals("stop")) {
            arity(p, 4, 4, "provider stop <host-id> <provider-id>");
            return message(ctl.stopProvider(p.get(2), p.get(3)));
        }
        throw new UsageException("usage: ctl provider start|stop ...");
    }

    private int link(CtlClient ctl, Args a, List<String> p) {
        String name = a.value("--name", Link.DEFAULT_NAME);
        if (p.size() >= 2 && p.get(1).equals("put")) {
            arity(p, 7, Integer.MAX_VALUE, "link put <source> <target> <wit-namespace> <wit-package> <interface>...");
            Link link = new Link(p.get(2), p.get(3), name, p.get(4), p.get(5), p.subList(6, p.size()),
                    a.values("--source-config"), a.values("--target-config"));
            return message(ctl.putLink(link));
        }
        if (p.size() >= 2 && p.get(1).equals("del")) {
            arity(p, 5, 5, "link del <source> <wit-namespace> <wit-package>");
            return message(ctl.deleteLink(new DeleteInterfaceLinkDefinitionRequest(p.get(2), name, p.get(3),
                    p.get(4))));
        }
        throw new UsageException("usage: ctl link put|del ...");
    }

    private int config(CtlClient ctl, List<String> p) {
        if (p.size() >= 2 && p.get(1).equals("put")) {
            arity(p, 3, Integer.MAX_VALUE, "config put <name> K=V...");
            return message(ctl.putConfig(p.get(2), Args.pairs("config value", p.subList(3, p.size()), true)));
        }
        if (p.size() >= 2 && p.get(1).equals("del")) {
            arity(p, 3, 3, "config del <name>");
            return message(ctl.deleteConfig(p.get(2)));
        }
        throw new UsageException("usage: ctl config put|del <name> ...");
    }

    private int label(CtlClient ctl, List<String> p) {
        if (p.size() >= 2 && p.get(1).equals("put")) {
            arity(p, 4, 4, "label put <host-id> K=V");
            Map.Entry<String, String> kv = Args.pairs("label", List.of(p.get(3)), true).entrySet().iterator().next();
            return message(ctl.putLabel(p.get(2), kv.getKey(), kv.getValue()));
        }
        if (p.size() >= 2 && p.get(1).equals("del")) {
            arity(p, 4, 4, "label del <host-id> K");
            String key = Args.pairs("label", List.of(p.get(3)), false).keySet().iterator().next();
            return message(ctl.deleteLabel(p.get(2), key));
        }
        throw new UsageException("usage: ctl label put|del <host-id> ...");
    }

    private int events(CtlClient ctl, Args a, List<String> p) {
        arity(p, 1, 2, "events [name]");
        long max = a.has("--count") ? Args.count("--count", a.value("--count", "0"), Long.MAX_VALUE) : Long.MAX_VALUE;
        long deadline = a.has("--for") ? System.nanoTime() + Args.duration("--for", a.value("--for", "0")).toNanos()
                : Long.MAX_VALUE;
        try (EventStream events = p.size() == 2 ? ctl.events(p.get(1)) : ctl.events()) {
            long seen = 0;
            while (seen < max) {
                long left = deadline == Long.MAX_VALUE ? Duration.ofSeconds(1).toNanos() : deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Optional<CloudEvent> e = events.poll(Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos())));
                if (e.isPresent()) {
                    print(e.get());
                    out.flush();
                    seen++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return 0;
    }

    private int message(String message) {
        print(new CtlResponse<>(true, message, null));
        return 0;
    }

    private void print(Object value) {
        out.println(CtlJson.encodePretty(value));
    }

    private static void arity(List<String> p, int min, int max, String usage) {
        if (p.size() < min || p.size() > max) {
            throw new UsageException("usage: ctl " + usage);
        }
    }

    /** A lookup that found nothing: exit 1 with the message. */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }
}
