package org.wasmcloud4j.wasi;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What a WASI guest sees of the outside world: arguments, environment, standard streams and clocks. Immutable;
 * build with {@link #builder()}. By default a guest has no arguments, no environment, empty stdin and discarding
 * stdout/stderr, the system clocks, and no filesystem or network access ({@link Builder#preopen},
 * {@link Builder#allowHttp}, {@link Builder#allowTcp}, {@link Builder#allowUdp}, {@link Builder#allowNameLookup}).
 */
public final class WasiConfig {
    /** The default {@link #maxOpenDescriptors()}: 1024, the usual soft limit of open files of a whole process. */
    public static final int DEFAULT_MAX_OPEN_DESCRIPTORS = 1024;

    private final List<String> args;
    private final Map<String, String> env;
    private final java.util.function.Supplier<InputStream> stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final Clock wallClock;
    private final LongSupplier monotonicNanos;
    private final java.util.Random secureRandom;
    private final java.util.Random insecureRandom;
    private final List<Preopen> preopens;
    private final java.util.Set<String> httpAuthorities;
    private final java.util.Set<String> tcpAddresses;
    private final java.util.Set<String> lookupNames;
    private final java.util.Set<String> udpAddresses;
    private final int maxOpenDescriptors;

    /**
     * A host directory the guest sees at {@code guestPath}; nothing outside it is reachable through it.
     *
     * @param hostDirectory an existing directory (its real path is used)
     * @param guestPath the path the guest sees, such as {@code /data} or {@code .}
     * @param readOnly whether the guest may only read
     * @param maxFileSize the largest size, in bytes, that a guest's write or {@code set-size} may make a file
     *     ({@code file-too-large} beyond it, as {@code EFBIG}); files the host put there may be larger and stay
     *     readable
     */
    public record Preopen(Path hostDirectory, String guestPath, boolean readOnly, long maxFileSize) {
        /**
         * The default {@link #maxFileSize()}: 1 GiB. Large enough for logs, caches and small databases, small enough
         * that one {@code set-size} or write at a large offset cannot make the terabyte-sized (sparse) files that fill
         * disks and break backups; embedders with bigger files raise it per preopen.
         */
        public static final long DEFAULT_MAX_FILE_SIZE = 1L << 30;

        /** Checks the components. */
        public Preopen {
            Objects.requireNonNull(hostDirectory, "hostDirectory");
            Objects.requireNonNull(guestPath, "guestPath");
            if (maxFileSize < 0) {
                throw new IllegalArgumentException("maxFileSize must not be negative: " + maxFileSize);
            }
        }

        /** A preopen with the {@link #DEFAULT_MAX_FILE_SIZE default size limit}. */
        public Preopen(Path hostDirectory, String guestPath, boolean readOnly) {
            this(hostDirectory, guestPath, readOnly, DEFAULT_MAX_FILE_SIZE);
        }
    }

    private WasiConfig(Builder b) {
        this.args = List.copyOf(b.args);
        this.env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.stdin = b.stdin;
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.wallClock = b.wallClock;
        this.monotonicNanos = b.monotonicNanos;
        this.secureRandom = b.secureRandom != null ? b.secureRandom : new java.security.SecureRandom();
        this.insecureRandom = b.insecureRandom;
        this.preopens = List.copyOf(b.preopens);
        this.httpAuthorities = java.util.Set.copyOf(b.httpAuthorities);
        this.tcpAddresses = java.util.Set.copyOf(b.tcpAddresses);
        this.lookupNames = java.util.Set.copyOf(b.lookupNames);
        this.udpAddresses = java.util.Set.copyOf(b.udpAddresses);
        this.maxOpenDescriptors = b.maxOpenDescriptors;
    }

    /** Whether UDP to or from {@code address} ({@code ip:port}; binding an ephemeral port is {@code ip:0}). */
    public boolean allowsUdp(String address) {
        return udpAddresses.contains("*") || udpAddresses.contains(address);
    }

    /** Whether the guest may resolve {@code name} ({@code wasi:sockets/ip-name-lookup}). */
    public boolean allowsNameLookup(String name) {
        return lookupNames.contains("*") || lookupNames.contains(name);
    }

    /** Whether a TCP connection to {@code address} ({@code ip:port}) is allowed. */
    public boolean allowsTcp(String address) {
        return tcpAddresses.contains("*") || tcpAddresses.contains(address);
    }

    /** Whether outgoing HTTP to {@code authority} ({@code host:port}) is allowed. */
    public boolean allowsHttp(String authority) {
        return httpAuthorities.contains("*") || httpAuthorities.contains(authority);
    }

    /** The most filesystem descriptors and directory listings one instance may hold open at once. */
    public int maxOpenDescriptors() {
        return maxOpenDescriptors;
    }

    /** The preopened directories, in order. */
    public List<Preopen> preopens() {
        return preopens;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The arguments, program name first ({@code wasi:cli/environment.get-arguments}). */
    public List<String> args() {
        return args;
    }

    /** The environment variables, in order. */
    public Map<String, String> env() {
        return env;
    }

    InputStream openStdin() {
        return stdin.get();
    }

    OutputStream stdout() {
        return stdout;
    }

    OutputStream stderr() {
        return stderr;
    }

    Clock wallClock() {
        return wallClock;
    }

    /** The source of {@code wasi:random/random} (and of {@code insecure-seed}). */
    java.util.Random secureRandom() {
        return secureRandom;
    }

    /** The source of {@code wasi:random/insecure}: the configured one, else this thread's fast generator. */
    java.util.Random insecureRandom() {
        return insecureRandom != null ? insecureRandom : java.util.concurrent.ThreadLocalRandom.current();
    }

    LongSupplier monotonicNanos() {
        return monotonicNanos;
    }

    /** Configuration for a {@link WasiConfig}. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private java.util.function.Supplier<InputStream> stdin = () -> new ByteArrayInputStream(new byte[0]);
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private Clock wallClock = Clock.systemUTC();
        private LongSupplier monotonicNanos = System::nanoTime;
        private java.util.Random secureRandom;
        private java.util.Random insecureRandom;
        private final List<Preopen> preopens = new ArrayList<>();
        private final java.util.Set<String> httpAuthorities = new java.util.LinkedHashSet<>();
        private final java.util.Set<String> tcpAddresses = new java.util.LinkedHashSet<>();
        private final java.util.Set<String> lookupNames = new java.util.LinkedHashSet<>();
        private final java.util.Set<String> udpAddresses = new java.util.LinkedHashSet<>();
        private int maxOpenDescriptors = DEFAULT_MAX_OPEN_DESCRIPTORS;

        private Builder() {}

        /**
         * Allows UDP ({@code wasi:sockets/udp}) binding to and sending to {@code address} ({@code ip:port} or
         * {@code [ipv6]:port}, an ephemeral local port as port 0, or {@code *} for any). Nothing is allowed by
         * default.
         */
        public Builder allowUdp(String address) {
            udpAddresses.add(AllowListKey.normalise(Objects.requireNonNull(address, "address")));
            return this;
        }

        /**
         * Allows resolving the host name {@code name} ({@code *} for any). Nothing is allowed by default; a denied
         * lookup fails with {@code access-denied}.
         */
        public Builder allowNameLookup(String name) {
            lookupNames.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /**
         * Allows TCP connections ({@code wasi:sockets}) to {@code address} ({@code ip:port}, e.g.
         * {@code 127.0.0.1:8080} or {@code [::1]:8080}, or {@code *} for any). Nothing is allowed by default; a denied connection fails
         * with {@code access-denied}.
         */
        public Builder allowTcp(String address) {
            tcpAddresses.add(AllowListKey.normalise(Objects.requireNonNull(address, "address")));
            return this;
        }

        /**
         * Allows outgoing HTTP requests to {@code authority} ({@code host:port} as the guest writes it, or
         * {@code *} for any). Nothing is allowed by default; a denied request fails with
         * {@code HTTP-request-denied}.
         */
        public Builder allowHttp(String authority) {
            httpAuthorities.add(Objects.requireNonNull(authority, "authority"));
            return this;
        }

        /**
         * Lets the guest use {@code hostDirectory} as {@code guestPath}. Paths are resolved inside it: {@code ..}
         * above it, absolute paths and symbolic links leading out are refused with {@code not-permitted}.
         *
         * @throws IllegalArgumentException if {@code hostDirectory} is not an existing directory
         */
        public Builder preopen(Path hostDirectory, String guestPath, boolean readOnly) {
            return preopen(hostDirectory, guestPath, readOnly, Preopen.DEFAULT_MAX_FILE_SIZE);
        }

        /**
         * As {@link #preopen(Path, String, boolean)}, with the largest size in bytes a guest may make a file in it
         * (a write or {@code set-size} beyond it fails with {@code file-too-large}; default
         * {@link Preopen#DEFAULT_MAX_FILE_SIZE}).
         *
         * @throws IllegalArgumentException if {@code hostDirectory} is not an existing directory or
         *     {@code maxFileSize} is negative
         */
        public Builder preopen(Path hostDirectory, String guestPath, boolean readOnly, long maxFileSize) {
            if (maxFileSize < 0) {
                throw new IllegalArgumentException("maxFileSize must not be negative: " + maxFileSize);
            }
            Path real;
            try {
                real = hostDirectory.toRealPath();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot preopen " + hostDirectory + ": " + e, e);
            }
            if (!java.nio.file.Files.isDirectory(real)) {
                throw new IllegalArgumentException("cannot preopen " + hostDirectory + ": not a directory");
            }
            preopens.add(new Preopen(real, guestPath, readOnly, maxFileSize));
            return this;
        }

        /**
         * The most {@code wasi:filesystem} descriptors and directory listings one instance may hold open at once
         * (default {@value WasiConfig#DEFAULT_MAX_OPEN_DESCRIPTORS}); each holds host file descriptors (a file two: the
         * file and its directory), so this bounds what a guest that never drops them takes from the process. Beyond
         * it {@code open-at} and {@code read-directory} fail with {@code insufficient-memory} (WASI has no
         * {@code EMFILE}).
         *
         * @throws IllegalArgumentException if {@code max} is not positive
         */
        public Builder maxOpenDescriptors(int max) {
            if (max <= 0) {
                throw new IllegalArgumentException("maxOpenDescriptors must be positive: " + max);
            }
            this.maxOpenDescriptors = max;
            return this;
        }

        /** Appends arguments; the first one is the program name by convention. */
        public Builder args(String... values) {
            for (String a : values) {
                args.add(Objects.requireNonNull(a, "argument"));
            }
            return this;
        }

        /** Appends arguments; the first one is the program name by convention. */
        public Builder args(List<String> values) {
            return args(values.toArray(new String[0]));
        }

        /** Sets an environment variable. */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Standard input from fixed bytes (each instance reads them from the start). */
        public Builder stdin(byte[] bytes) {
            byte[] copy = bytes.clone();
            this.stdin = () -> new ByteArrayInputStream(copy);
            return this;
        }

        /** Standard input from a stream (shared by every instance using this configuration). */
        public Builder stdin(InputStream in) {
            Objects.requireNonNull(in, "in");
            this.stdin = () -> in;
            return this;
        }

        /** Standard output into {@code out} (not closed by the guest). */
        public Builder stdout(OutputStream out) {
            this.stdout = Objects.requireNonNull(out, "out");
            return this;
        }

        /** Standard error into {@code err} (not closed by the guest). */
        public Builder stderr(OutputStream err) {
            this.stderr = Objects.requireNonNull(err, "err");
            return this;
        }

        /** The JVM's standard streams for the guest's stdin, stdout and stderr. */
        public Builder inheritStdio() {
            this.stdin = () -> System.in;
            this.stdout = System.out;
            this.stderr = System.err;
            return this;
        }

        /** The wall clock ({@code wasi:clocks/wall-clock}), e.g. a fixed clock in tests. */
        public Builder wallClock(Clock clock) {
            this.wallClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The generator behind {@code wasi:random/random} and {@code insecure-seed} (default: a
         * {@link java.security.SecureRandom}); tests inject a seeded one for repeatable runs. It must be safe for
         * use from several threads, as {@link java.util.Random} is.
         */
        public Builder secureRandom(java.util.Random random) {
            this.secureRandom = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The generator behind {@code wasi:random/insecure} (default: the calling thread's fast generator). */
        public Builder insecureRandom(java.util.Random random) {
            this.insecureRandom = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The monotonic clock in nanoseconds ({@code wasi:clocks/monotonic-clock}). */
        public Builder monotonicClock(LongSupplier nanos) {
            this.monotonicNanos = Objects.requireNonNull(nanos, "nanos");
            return this;
        }

        /** The configuration. */
        public WasiConfig build() {
            return new WasiConfig(this);
        }
    }
}
