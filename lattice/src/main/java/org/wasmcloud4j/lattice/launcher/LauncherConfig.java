package org.wasmcloud4j.lattice.launcher;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The standalone host's settings, read as wasmCloud 1.x's host reads them (its {@code src/main.rs}, v1.9.2): every
 * flag has a {@code WASMCLOUD_*} environment variable, a flag wins over its variable, labels come from
 * {@code -l k=v} and {@code WASMCLOUD_LABEL_k=v}. Flags wasmCloud has that this host cannot honour are refused when
 * they would change what the host guarantees (a policy service, separate credentials per connection) and otherwise
 * ignored with a warning. Immutable.
 *
 * @param natsHost the NATS host ({@code --nats-host}, {@code 127.0.0.1})
 * @param natsPort the NATS port ({@code --nats-port}, 4222)
 * @param ctlHost the control connection's host, if it differs
 * @param ctlPort the control connection's port, if it differs
 * @param rpcHost the RPC connection's host, if it differs
 * @param rpcPort the RPC connection's port, if it differs
 * @param natsJwt a user JWT, with {@code natsSeed}
 * @param natsSeed the user's nkey seed
 * @param natsCreds a credentials file
 * @param tls whether to connect with TLS ({@code --ctl-tls}/{@code --rpc-tls})
 * @param tlsCaPath CA certificates (PEM) to trust for TLS
 * @param lattice the lattice name ({@code default})
 * @param jsDomain the JetStream domain, if any
 * @param ctlTopicPrefix the control topic prefix ({@code wasmbus.ctl})
 * @param hostSeed the host's nkey seed ({@code SN…}), if given
 * @param labels the user labels
 * @param allowFileLoad whether components may come from files (default false, as wasmCloud)
 * @param allowedInsecure registries reached over plain HTTP
 * @param registry a default OCI registry with credentials ({@code --oci-registry})
 * @param registryUser its user
 * @param registryPassword its password
 * @param rpcTimeout the NATS request timeout (2 s)
 * @param maxExecutionTime the per-invocation limit (10 min)
 * @param maxLinearMemoryBytes the linear memory limit per instance (256 MiB)
 * @param maxComponentSizeBytes the largest component image (50 MiB)
 * @param maxComponents the most components (10 000)
 * @param heartbeatInterval the heartbeat interval (30 s)
 * @param httpAdmin the admin endpoint's address ({@code /livez}, {@code /readyz}), if any
 * @param componentAuctions whether to answer component auctions
 * @param providerAuctions whether to answer provider auctions
 * @param logLevel the log level, if given
 * @param secretsTopic the secrets topic ({@code --secrets-topic}, e.g. {@code wasmcloud.secrets}): secret
 *        references are resolved through {@code {topic}.v1alpha1.{backend}} on the control connection; without it a
 *        component with a secret reference fails to start
 * @param warnings what was ignored, one line each
 */
public record LauncherConfig(String natsHost, int natsPort, Optional<String> ctlHost, Optional<Integer> ctlPort,
        Optional<String> rpcHost, Optional<Integer> rpcPort, Optional<String> natsJwt, Optional<String> natsSeed,
        Optional<Path> natsCreds, boolean tls, Optional<Path> tlsCaPath, String lattice, Optional<String> jsDomain,
        String ctlTopicPrefix, Optional<String> hostSeed, Map<String, String> labels, boolean allowFileLoad,
        List<String> allowedInsecure, Optional<String> registry, Optional<String> registryUser,
        Optional<String> registryPassword, Duration rpcTimeout, Duration maxExecutionTime, long maxLinearMemoryBytes,
        long maxComponentSizeBytes, int maxComponents, Duration heartbeatInterval,
        Optional<InetSocketAddress> httpAdmin, boolean componentAuctions, boolean providerAuctions,
        Optional<String> logLevel, Optional<String> secretsTopic, List<String> warnings) {

    /** Copies the collections. */
    public LauncherConfig {
        labels = Map.copyOf(labels);
        allowedInsecure = List.copyOf(allowedInsecure);
        warnings = List.copyOf(warnings);
    }

    /** A bad flag, variable or value: the message names it. */
    public static final class UsageException extends org.wasmcloud4j.Wasmcloud4jException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Flags that take a value, by flag, with their environment variable. */
    private static final Map<String, String> VALUED = new LinkedHashMap<>();
    /** Flags that take no value (a boolean; {@code --flag=false} also works), with their environment variable. */
    private static final Map<String, String> SWITCHES = new LinkedHashMap<>();
    /** wasmCloud flags this host refuses: running without them would silently weaken a guarantee. */
    private static final Map<String, String> REFUSED = new LinkedHashMap<>();
    /** wasmCloud flags this host accepts and ignores (with a warning). */
    private static final Map<String, String> IGNORED = new LinkedHashMap<>();

    static {
        String[][] valued = {
            {"nats-host", "WASMCLOUD_NATS_HOST"}, {"nats-port", "WASMCLOUD_NATS_PORT"},
            {"nats-jwt", "WASMCLOUD_NATS_JWT"}, {"nats-seed", "WASMCLOUD_NATS_SEED"},
            {"nats-creds", "WASMCLOUD_NATS_CREDS"}, {"lattice", "WASMCLOUD_LATTICE"},
            {"host-seed", "WASMCLOUD_HOST_SEED"}, {"js-domain", "WASMCLOUD_JS_DOMAIN"},
            {"allowed-insecure", "WASMCLOUD_OCI_ALLOWED_INSECURE"}, {"ctl-host", "WASMCLOUD_CTL_HOST"},
            {"ctl-port", "WASMCLOUD_CTL_PORT"}, {"ctl-topic-prefix", "WASMCLOUD_CTL_TOPIC_PREFIX"},
            {"rpc-host", "WASMCLOUD_RPC_HOST"}, {"rpc-port", "WASMCLOUD_RPC_PORT"},
            {"rpc-timeout-ms", "WASMCLOUD_RPC_TIMEOUT_MS"},
            {"max-execution-time-ms", "WASMCLOUD_MAX_EXECUTION_TIME_MS"},
            {"max-linear-memory-bytes", "WASMCLOUD_MAX_LINEAR_MEMORY"},
            {"max-component-size-bytes", "WASMCLOUD_MAX_COMPONENT_SIZE"},
            {"max-components", "WASMCLOUD_MAX_COMPONENTS"}, {"oci-registry", "WASMCLOUD_OCI_REGISTRY"},
            {"oci-user", "WASMCLOUD_OCI_REGISTRY_USER"}, {"oci-password", "WASMCLOUD_OCI_REGISTRY_PASSWORD"},
            {"tls-ca-path", "WASMCLOUD_TLS_CA_PATH"},
            {"heartbeat-interval-seconds", "WASMCLOUD_HEARTBEAT_INTERVAL"}, {"http-admin", "WASMCLOUD_HTTP_ADMIN"},
            {"log-level", "WASMCLOUD_LOG_LEVEL"}, {"secrets-topic", "WASMCLOUD_SECRETS_TOPIC"}, {"label", null},
        };
        for (String[] v : valued) {
            VALUED.put(v[0], v[1]);
        }
        String[][] switches = {
            {"allow-file-load", "WASMCLOUD_ALLOW_FILE_LOAD"}, {"ctl-tls", "WASMCLOUD_CTL_TLS"},
            {"rpc-tls", "WASMCLOUD_RPC_TLS"}, {"enable-component-auction", "WASMCLOUD_COMPONENT_AUCTION_ENABLED"},
            {"enable-provider-auction", "WASMCLOUD_PROVIDER_AUCTION_ENABLED"},
        };
        for (String[] v : switches) {
            SWITCHES.put(v[0], v[1]);
        }
        String[][] refused = {
            {"policy-topic", "WASMCLOUD_POLICY_TOPIC"}, {"ctl-jwt", "WASMCLOUD_CTL_JWT"},
            {"ctl-seed", "WASMCLOUD_CTL_SEED"}, {"ctl-creds", "WASMCLOUD_CTL_CREDS"},
            {"rpc-jwt", "WASMCLOUD_RPC_JWT"}, {"rpc-seed", "WASMCLOUD_RPC_SEED"}, {"rpc-creds", "WASMCLOUD_RPC_CREDS"},
        };
        for (String[] v : refused) {
            REFUSED.put(v[0], v[1]);
        }
        String[][] ignored = {
            {"trace-level", "WASMCLOUD_TRACE_LEVEL"}, {"provider-shutdown-delay-ms", "WASMCLOUD_PROV_SHUTDOWN_DELAY_MS"},
            {"allow-latest", "WASMCLOUD_OCI_ALLOW_LATEST"}, {"config-service-enabled", "WASMCLOUD_CONFIG_SERVICE"},
            {"enable-structured-logging", "WASMCLOUD_STRUCTURED_LOGGING_ENABLED"},
            {"policy-changes-topic", "WASMCLOUD_POLICY_CHANGES_TOPIC"},
            {"max-core-instances-per-component", "WASMCLOUD_MAX_CORE_INSTANCES_PER_COMPONENT"},
            {"policy-timeout-ms", "WASMCLOUD_POLICY_TIMEOUT"}, {"enable-observability", "WASMCLOUD_OBSERVABILITY_ENABLED"},
            {"enable-traces", "WASMCLOUD_TRACES_ENABLED"}, {"enable-metrics", "WASMCLOUD_METRICS_ENABLED"},
            {"enable-logs", "WASMCLOUD_LOGS_ENABLED"}, {"observability-protocol", "WASMCLOUD_OBSERVABILITY_PROTOCOL"},
            {"flame-graph", "WASMCLOUD_FLAME_GRAPH"}, {"feature", "WASMCLOUD_EXPERIMENTAL_FEATURES"},
        };
        for (String[] v : ignored) {
            IGNORED.put(v[0], v[1]);
        }
    }

    /** The usage text. */
    public static String usage() {
        return "usage: wasmcloud4j host [flags]   (every flag also reads its WASMCLOUD_* variable)\n"
                + "  --nats-host H --nats-port P     NATS server (127.0.0.1:4222); --ctl-host/--ctl-port and\n"
                + "                                  --rpc-host/--rpc-port for separate connections\n"
                + "  --nats-jwt J --nats-seed S | --nats-creds FILE    NATS credentials\n"
                + "  --ctl-tls --rpc-tls --tls-ca-path PEM             TLS\n"
                + "  --lattice NAME (default)  --js-domain D  --ctl-topic-prefix P (wasmbus.ctl)\n"
                + "  --host-seed SN...  -l/--label k=v (also WASMCLOUD_LABEL_k=v)\n"
                + "  --allow-file-load  --allowed-insecure r1,r2  --oci-registry R --oci-user U --oci-password P\n"
                + "  --rpc-timeout-ms 2000  --max-execution-time-ms 600000  --max-linear-memory-bytes 268435456\n"
                + "  --max-component-size-bytes 52428800  --max-components 10000\n"
                + "  --heartbeat-interval-seconds 30  --http-admin 127.0.0.1:PORT (/livez, /readyz)\n"
                + "  --enable-component-auction[=false] --enable-provider-auction[=false]  --log-level info\n"
                + "  --secrets-topic T               resolve secret references via T.v1alpha1.{backend}\n";
    }

    /**
     * Reads the settings from {@code args} and {@code env}.
     *
     * @throws UsageException naming the flag or variable that is unknown, refused or malformed
     */
    public static LauncherConfig parse(List<String> args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        env.forEach((k, v) -> {
            if (k.startsWith("WASMCLOUD_LABEL_") && k.length() > "WASMCLOUD_LABEL_".length()) {
                labels.put(k.substring("WASMCLOUD_LABEL_".length()), v);
            }
        });
        for (Map.Entry<String, String> e : REFUSED.entrySet()) {
            if (env.containsKey(e.getValue())) {
                throw refused(e.getValue(), e.getKey());
            }
        }
        for (Map.Entry<String, String> e : IGNORED.entrySet()) {
            if (env.containsKey(e.getValue())) {
                warnings.add(e.getValue() + " is ignored: not supported by this host");
            }
        }
        VALUED.forEach((flag, var) -> {
            if (var != null && env.containsKey(var)) {
                values.put(flag, env.get(var));
            }
        });
        SWITCHES.forEach((flag, var) -> {
            if (env.containsKey(var)) {
                values.put(flag, env.get(var));
            }
        });
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag;
            String inline = null;
            if (arg.equals("-l")) {
                flag = "label";
            } else if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                flag = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                inline = eq < 0 ? null : arg.substring(eq + 1);
            } else {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            if (REFUSED.containsKey(flag)) {
                throw refused("--" + flag, flag);
            }
            if (SWITCHES.containsKey(flag)) {
                values.put(flag, inline == null ? "true" : inline);
                continue;
            }
            boolean ignored = IGNORED.containsKey(flag);
            if (!VALUED.containsKey(flag) && !ignored) {
                throw new UsageException("unknown flag --" + flag);
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("flag --" + flag + " needs a value");
                }
                value = args.get(++i);
            }
            if (ignored) {
                warnings.add("--" + flag + " is ignored: not supported by this host");
            } else if (flag.equals("label")) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("label '" + value + "' is not key=value");
                }
                labels.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                values.put(flag, value);
            }
        }
        for (String key : labels.keySet()) {
            if (key.toLowerCase(Locale.ROOT).startsWith("hostcore.")) {
                throw new UsageException("label '" + key + "': hostcore.* labels are set by the host");
            }
        }
        Optional<String> jwt = opt(values, "nats-jwt");
        Optional<String> seed = opt(values, "nats-seed");
        if (jwt.isPresent() != seed.isPresent()) {
            throw new UsageException("--nats-jwt and --nats-seed go together");
        }
        if (jwt.isPresent() && values.containsKey("nats-creds")) {
            throw new UsageException("--nats-creds conflicts with --nats-jwt/--nats-seed");
        }
        boolean tls = bool(values, "ctl-tls", false) || bool(values, "rpc-tls", false);
        return new LauncherConfig(values.getOrDefault("nats-host", "127.0.0.1"), port(values, "nats-port", 4222),
                opt(values, "ctl-host"), optPort(values, "ctl-port"), opt(values, "rpc-host"), optPort(values, "rpc-port"),
                jwt, seed, opt(values, "nats-creds").map(Path::of), tls, opt(values, "tls-ca-path").map(Path::of),
                values.getOrDefault("lattice", "default"), opt(values, "js-domain"),
                values.getOrDefault("ctl-topic-prefix", "wasmbus.ctl"), opt(values, "host-seed"), labels,
                bool(values, "allow-file-load", false), list(values, "allowed-insecure"), opt(values, "oci-registry"),
                opt(values, "oci-user"), opt(values, "oci-password"),
                Duration.ofMillis(number(values, "rpc-timeout-ms", 2000, 1)),
                Duration.ofMillis(number(values, "max-execution-time-ms", 600_000, 0)),
                number(values, "max-linear-memory-bytes", 256L << 20, 65536),
                number(values, "max-component-size-bytes", 50L << 20, 1),
                (int) Math.min(Integer.MAX_VALUE, number(values, "max-components", 10_000, 1)),
                Duration.ofSeconds(number(values, "heartbeat-interval-seconds", 30, 1)),
                opt(values, "http-admin").map(LauncherConfig::address), bool(values, "enable-component-auction", true),
                bool(values, "enable-provider-auction", true), opt(values, "log-level"), opt(values, "secrets-topic"),
                warnings);
    }

    private static UsageException refused(String where, String flag) {
        String why = flag.equals("policy-topic") ? "this host has no policy service client: it would run every"
                + " component unchecked" : "separate credentials per connection are not supported: use --nats-jwt/--nats-seed/--nats-creds";
        return new UsageException(where + " is refused: " + why);
    }

    private static Optional<String> opt(Map<String, String> values, String flag) {
        String v = values.get(flag);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static List<String> list(Map<String, String> values, String flag) {
        return opt(values, flag).map(v -> List.of(v.split(","))).orElse(List.of()).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static boolean bool(Map<String, String> values, String flag, boolean dflt) {
        String v = values.get(flag);
        if (v == null) {
            return dflt;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "" -> true;
            case "false", "0", "no" -> false;
            default -> throw new UsageException("--" + flag + ": '" + v + "' is not true or false");
        };
    }

    private static long number(Map<String, String> values, String flag, long dflt, long min) {
        String v = values.get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min) {
                throw new UsageException("--" + flag + ": " + n + " is below the minimum of " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + flag + ": '" + v + "' is not a number");
        }
    }

    private static int port(Map<String, String> values, String flag, int dflt) {
        long p = number(values, flag, dflt, 1);
        if (p > 65535) {
            throw new UsageException("--" + flag + ": " + p + " is not a port");
        }
        return (int) p;
    }

    private static Optional<Integer> optPort(Map<String, String> values, String flag) {
        return values.containsKey(flag) ? Optional.of(port(values, flag, 0)) : Optional.empty();
    }

    private static InetSocketAddress address(String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new UsageException("--http-admin: '" + v + "' is not host:port");
        }
        String host = v.substring(0, colon).replaceAll("^\\[|\\]$", "");
        try {
            int port = Integer.parseInt(v.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new UsageException("--http-admin: '" + v.substring(colon + 1) + "' is not a port");
        }
    }

    @Override
    public String toString() {
        return "LauncherConfig[nats=" + natsHost + ":" + natsPort + ", lattice=" + lattice + ", prefix="
                + ctlTopicPrefix + ", labels=" + labels + ", jwt=" + (natsJwt.isPresent() ? "(set)" : "none")
                + ", creds=" + natsCreds.orElse(null) + ", hostSeed=" + (hostSeed.isPresent() ? "(set)" : "none")
                + ", allowFileLoad=" + allowFileLoad + "]";
    }
}
