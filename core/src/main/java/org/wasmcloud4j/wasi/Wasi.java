package org.wasmcloud4j.wasi;

import static org.wasmcloud4j.wasi.WasiValues.OK;
import static org.wasmcloud4j.wasi.WasiValues.bytes;
import static org.wasmcloud4j.wasi.WasiValues.enumCase;
import static org.wasmcloud4j.wasi.WasiValues.err;
import static org.wasmcloud4j.wasi.WasiValues.integer;
import static org.wasmcloud4j.wasi.WasiValues.list;
import static org.wasmcloud4j.wasi.WasiValues.none;
import static org.wasmcloud4j.wasi.WasiValues.ok;
import static org.wasmcloud4j.wasi.WasiValues.record;
import static org.wasmcloud4j.wasi.WasiValues.str;
import static org.wasmcloud4j.wasi.WasiValues.tuple;
import static org.wasmcloud4j.wasi.WasiValues.u32;
import static org.wasmcloud4j.wasi.WasiValues.u64;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.function.BooleanSupplier;
import org.wasmcloud4j.component.runtime.CallContext;
import org.wasmcloud4j.component.runtime.CoreCall;
import org.wasmcloud4j.component.runtime.Func;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.value.Value;

/**
 * WASI 0.2 on a {@link Linker}: {@code wasi:cli}, {@code wasi:io}, {@code wasi:clocks}, {@code wasi:random} and
 * {@code wasi:filesystem} on the preopened directories of the {@link WasiConfig} (sandboxed), and
 * {@code wasi:sockets} TCP client connections to allowed addresses. Interfaces are defined at version {@value #VERSION};
 * the linker's semver matching makes every 0.2.x import resolve to them.
 *
 * <pre>{@code
 * Wasi.addToLinker(linker, WasiConfig.builder().args("app", "--verbose").inheritStdio().build());
 * int exitCode;
 * try (Instance instance = linker.instantiatePre(component).instantiate()) {
 *     exitCode = Wasi.run(instance);
 * }
 * }</pre>
 */
public final class Wasi {
    /** The WASI version the interfaces are defined at. */
    public static final String VERSION = "0.2.12";

    private Wasi() {}

    static String iface(String name) {
        return name + "@" + VERSION;
    }

    /** A pollable: ready now or later, and a way to wait. */
    record Pollable(BooleanSupplier ready, Runnable block) {
        /** Ready now and always (operations that never wait). */
        static final Pollable READY = new Pollable(() -> true, () -> { });

        /** A wait that may be interrupted. */
        interface Wait {
            void await() throws InterruptedException;
        }

        /** Ready per {@code ready}; blocking runs {@code wait}, and an interrupt there is a trap. */
        static Pollable of(BooleanSupplier ready, Wait wait) {
            return new Pollable(ready, () -> {
                try {
                    wait.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Trap("interrupted while blocking on a pollable");
                }
            });
        }

        /** Ready while {@code queue} holds something; blocking waits for an element without taking it. */
        static <T> Pollable whenNotEmpty(BlockingDeque<T> queue) {
            return new Pollable(() -> !queue.isEmpty(), () -> {
                try {
                    queue.putFirst(queue.takeFirst());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /**
     * Defines every WASI 0.2 interface this host implements on {@code linker}, with {@code config} as the guest's
     * view of the world. Each instance made through the linker gets its own stdin stream from the configuration.
     */
    public static void addToLinker(Linker linker, WasiConfig config) {
        define(linker, config);
    }

    /** The resources other WASI packages (such as {@code wasi:http}) share with {@code wasi:io}. */
    record Shared(HostResource<InputSource> inputs, HostResource<OutputStream> outputs,
            HostResource<Throwable> errors, HostResource<Pollable> pollables) {}

    static Shared define(Linker linker, WasiConfig config) {
        String error = iface("wasi:io/error");
        String poll = iface("wasi:io/poll");
        String streams = iface("wasi:io/streams");
        HostResource<Throwable> errors = linker.defineResource(error, "error", e -> { });
        linker.defineFunction(error, "[method]error.to-debug-string", a -> str(String.valueOf(errors.get(a.get(0)))));

        HostResource<Pollable> pollables = linker.defineResource(poll, "pollable", p -> { });
        linker.defineFunction(poll, "[method]pollable.ready",
                a -> new Value.Bool(pollables.get(a.get(0)).ready().getAsBoolean()));
        linker.defineFunction(poll, "[method]pollable.block", a -> {
            pollables.get(a.get(0)).block().run();
            return null;
        });
        linker.defineFunction(poll, "poll", a -> {
            List<Value> in = ((Value.ListValue) a.get(0)).elements();
            if (in.isEmpty()) {
                throw new Trap("wasi:io/poll.poll called with no pollables");
            }
            while (true) {
                List<Value> ready = new ArrayList<>();
                for (int i = 0; i < in.size(); i++) {
                    if (pollables.get(in.get(i)).ready().getAsBoolean()) {
                        ready.add(u32(i));
                    }
                }
                if (!ready.isEmpty()) {
                    return list(ready);
                }
                pollables.get(in.get(0)).block().run();
            }
        });

        HostResource<InputSource> inputs = linker.defineResource(streams, "input-stream", InputSource::dropped);
        HostResource<OutputStream> outputs = linker.defineResource(streams, "output-stream", out -> {
            try {
                out.flush();
            } catch (IOException e) {
                // the guest dropped the stream; there is nobody left to tell
            }
        });
        StreamErrors se = new StreamErrors(errors);
        linker.defineFunction(streams, "[method]input-stream.read",
                a -> read(inputs.get(a.get(0)), a.get(1), false, se));
        linker.defineFunction(streams, "[method]input-stream.blocking-read",
                a -> read(inputs.get(a.get(0)), a.get(1), true, se));
        linker.defineFunction(streams, "[method]input-stream.skip",
                a -> skip(inputs.get(a.get(0)), a.get(1), false, se));
        linker.defineFunction(streams, "[method]input-stream.blocking-skip",
                a -> skip(inputs.get(a.get(0)), a.get(1), true, se));
        linker.defineFunction(streams, "[method]input-stream.subscribe", a -> {
            InputSource in = inputs.get(a.get(0));
            return pollables.create(Pollable.of(in::ready, in::awaitReady));
        });
        // the hot path of every guest that prints: core-level functions, no Value objects per call.
        // result<u64, stream-error> lives at the return area as (u8 case, u64 at 8 | stream-error at 8);
        // result<_, stream-error> as (u8 case, stream-error at 4); stream-error is (u8 case, own<error> at +4)
        CoreWriter writer = new CoreWriter(outputs, errors);
        linker.defineCoreFunction(streams, "[method]output-stream.check-write", writer::checkWrite, a -> {
            OutputStream out = outputs.get(a.get(0));
            long n = writable(out);
            return n >= 0 ? ok(u64(n)) : se.failed(((QueuedOutput) out).failureOrGeneric());
        });
        linker.defineCoreFunction(streams, "[method]output-stream.write", c -> writer.write(c, false),
                a -> write(outputs.get(a.get(0)), WasiValues.toBytes(a.get(1)), false, se));
        linker.defineCoreFunction(streams, "[method]output-stream.blocking-write-and-flush",
                c -> writer.write(c, true), a -> write(outputs.get(a.get(0)), WasiValues.toBytes(a.get(1)), true, se));
        linker.defineCoreFunction(streams, "[method]output-stream.flush", writer::requestFlush, a -> {
            OutputStream out = outputs.get(a.get(0));
            if (out instanceof QueuedOutput q) {
                q.requestFlush();
                return OK;
            }
            return write(out, new byte[0], true, se);
        });
        linker.defineCoreFunction(streams, "[method]output-stream.blocking-flush", writer::flush,
                a -> write(outputs.get(a.get(0)), new byte[0], true, se));
        linker.defineFunction(streams, "[method]output-stream.write-zeroes",
                a -> write(outputs.get(a.get(0)), zeroes("write-zeroes", a.get(1)), false, se));
        linker.defineFunction(streams, "[method]output-stream.blocking-write-zeroes-and-flush",
                a -> write(outputs.get(a.get(0)), zeroes("blocking-write-zeroes-and-flush", a.get(1)), true, se));
        linker.defineFunction(streams, "[method]output-stream.splice",
                a -> splice(outputs.get(a.get(0)), inputs.get(a.get(1)), a.get(2), false, se));
        linker.defineFunction(streams, "[method]output-stream.blocking-splice",
                a -> splice(outputs.get(a.get(0)), inputs.get(a.get(1)), a.get(2), true, se));
        linker.defineFunction(streams, "[method]output-stream.subscribe", a -> {
            if (!(outputs.get(a.get(0)) instanceof QueuedOutput q)) {
                return pollables.create(Pollable.READY);   // direct streams never make a writer wait
            }
            return pollables.create(Pollable.of(() -> q.writable() != 0, q::awaitWritable));
        });

        cli(linker, config, inputs, outputs);
        clocks(linker, config, pollables);
        random(linker, config);
        WasiFilesystem.define(linker, config, iface("wasi:filesystem/types"), iface("wasi:filesystem/preopens"),
                inputs, outputs, errors);
        Shared shared = new Shared(inputs, outputs, errors, pollables);
        WasiSockets.define(linker, config, shared);
        return shared;
    }

    private static void cli(Linker linker, WasiConfig config, HostResource<InputSource> inputs,
            HostResource<OutputStream> outputs) {
        String environment = iface("wasi:cli/environment");
        linker.defineFunction(environment, "get-environment", a -> {
            List<Value> out = new ArrayList<>();
            config.env().forEach((k, v) -> out.add(tuple(str(k), str(v))));
            return list(out);
        });
        linker.defineFunction(environment, "get-arguments", a -> {
            List<Value> out = new ArrayList<>();
            config.args().forEach(s -> out.add(str(s)));
            return list(out);
        });
        linker.defineFunction(environment, "initial-cwd", a -> none());
        String exit = iface("wasi:cli/exit");
        linker.defineFunction(exit, "exit", a -> {
            throw new WasiExit(((Value.ResultValue) a.get(0)).isOk() ? 0 : 1);
        });
        linker.defineFunction(exit, "exit-with-code", a -> {
            throw new WasiExit((int) integer(a.get(0)));
        });
        // each instance reads its own standard input, opened on first use
        linker.defineFunction(iface("wasi:cli/stdin"), "get-stdin", a -> inputs.create(
                CallContext.current().map(c -> c.attachment(config, () -> InputSource.of(config.openStdin())))
                        .orElseGet(() -> InputSource.of(config.openStdin()))));
        linker.defineFunction(iface("wasi:cli/stdout"), "get-stdout", a -> outputs.create(config.stdout()));
        linker.defineFunction(iface("wasi:cli/stderr"), "get-stderr", a -> outputs.create(config.stderr()));
        linker.defineResource(iface("wasi:cli/terminal-input"), "terminal-input", t -> { });
        linker.defineResource(iface("wasi:cli/terminal-output"), "terminal-output", t -> { });
        linker.defineFunction(iface("wasi:cli/terminal-stdin"), "get-terminal-stdin", a -> none());
        linker.defineFunction(iface("wasi:cli/terminal-stdout"), "get-terminal-stdout", a -> none());
        linker.defineFunction(iface("wasi:cli/terminal-stderr"), "get-terminal-stderr", a -> none());
    }

    private static void clocks(Linker linker, WasiConfig config, HostResource<Pollable> pollables) {
        String mono = iface("wasi:clocks/monotonic-clock");
        linker.defineFunction(mono, "now", a -> u64(config.monotonicNanos().getAsLong()));
        linker.defineFunction(mono, "resolution", a -> u64(1));
        // instants are in the clock's own (wrapping) domain, compared by subtraction as System.nanoTime's are; a
        // duration is a u64: one past 2^63 (u64::MAX means "forever") is cut to 2^63 - 1 ns, about 292 years
        linker.defineFunction(mono, "subscribe-instant", a -> pollables.create(until(config, integer(a.get(0)))));
        linker.defineFunction(mono, "subscribe-duration", a -> pollables.create(
                until(config, config.monotonicNanos().getAsLong() + WasiValues.saturatedU64(a.get(0)))));
        String wall = iface("wasi:clocks/wall-clock");
        linker.defineFunction(wall, "now", a -> {
            Instant now = config.wallClock().instant();
            return record("seconds", u64(now.getEpochSecond()), "nanoseconds", u32(now.getNano()));
        });
        linker.defineFunction(wall, "resolution", a -> record("seconds", u64(0), "nanoseconds", u32(1)));
    }

    private static Pollable until(WasiConfig config, long deadline) {
        return Pollable.of(() -> config.monotonicNanos().getAsLong() - deadline >= 0, () -> {
            long wait = deadline - config.monotonicNanos().getAsLong();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        });
    }

    private static void random(Linker linker, WasiConfig config) {
        String random = iface("wasi:random/random");
        linker.defineFunction(random, "get-random-bytes", a -> {
            byte[] b = new byte[randomLength("get-random-bytes", a.get(0))];
            config.secureRandom().nextBytes(b);
            return bytes(b, b.length);
        });
        linker.defineFunction(random, "get-random-u64", a -> u64(config.secureRandom().nextLong()));
        String insecure = iface("wasi:random/insecure");
        linker.defineFunction(insecure, "get-insecure-random-bytes", a -> {
            byte[] b = new byte[randomLength("get-insecure-random-bytes", a.get(0))];
            config.insecureRandom().nextBytes(b);
            return bytes(b, b.length);
        });
        linker.defineFunction(insecure, "get-insecure-random-u64", a -> u64(config.insecureRandom().nextLong()));
        linker.defineFunction(iface("wasi:random/insecure-seed"), "insecure-seed",
                a -> tuple(u64(config.secureRandom().nextLong()), u64(config.secureRandom().nextLong())));
    }

    /** The most random bytes one call returns; the WIT promises exactly {@code len}, so more is a trap. */
    static final int MAX_RANDOM_BYTES = 1 << 24;

    private static int randomLength(String function, Value len) {
        int n = WasiValues.clampedLength(len, MAX_RANDOM_BYTES + 1);
        if (n > MAX_RANDOM_BYTES) {
            throw new Trap("wasi:random " + function + "(" + Long.toUnsignedString(integer(len))
                    + ") asks for more than the host's limit of " + MAX_RANDOM_BYTES + " bytes per call");
        }
        return n;
    }

    private static final long[] NO_RESULTS = new long[0];

    /** Output-stream writes on core values. */
    /** How much {@code out} takes without blocking: a queue's room (-1 after a failure), else 1 MiB. */
    private static long writable(OutputStream out) {
        return out instanceof QueuedOutput q ? q.writable() : 1 << 20;
    }

    private record CoreWriter(HostResource<OutputStream> outputs, HostResource<Throwable> errors) {
        long[] checkWrite(CoreCall c) {
            OutputStream out = outputs.get(c.borrow(c.arg(0)));
            long ret = c.u32(1);
            long n = writable(out);
            if (n < 0) {
                failed(c, ret, 8, ((QueuedOutput) out).failureOrGeneric());
            } else {
                c.writeU8(ret, 0);
                c.writeI64(ret + 8, n);
            }
            return NO_RESULTS;
        }

        long[] requestFlush(CoreCall c) {
            if (outputs.get(c.borrow(c.arg(0))) instanceof QueuedOutput q) {
                q.requestFlush();
                c.writeU8(c.u32(1), 0);
                return NO_RESULTS;
            }
            return flush(c);
        }

        long[] write(CoreCall c, boolean flush) {
            OutputStream out = outputs.get(c.borrow(c.arg(0)));
            long ret = c.u32(3);
            try {
                c.writeTo(c.u32(1), c.u32(2), out);
                if (flush) {
                    out.flush();
                }
                c.writeU8(ret, 0);
            } catch (IOException e) {
                failed(c, ret, 4, e);
            }
            return NO_RESULTS;
        }

        long[] flush(CoreCall c) {
            OutputStream out = outputs.get(c.borrow(c.arg(0)));
            long ret = c.u32(1);
            try {
                out.flush();
                c.writeU8(ret, 0);
            } catch (IOException e) {
                failed(c, ret, 4, e);
            }
            return NO_RESULTS;
        }

        private void failed(CoreCall c, long ret, int payload, IOException e) {
            c.writeU8(ret, 1);
            c.writeU8(ret + payload, 0); // last-operation-failed
            c.writeI32(ret + payload + 4, c.lowerOwn(((Value.Handle) errors.create(e)).resource()));
        }
    }

    /** Stream errors: {@code closed}, or {@code last-operation-failed} with an error resource. */
    private record StreamErrors(HostResource<Throwable> errors) {
        Value closed() {
            return err(new Value.VariantValue("closed", Optional.empty()));
        }

        Value failed(IOException e) {
            return err(new Value.VariantValue("last-operation-failed", Optional.of(errors.create(e))));
        }
    }

    /** The most bytes one read, skip or splice moves (the WIT lets a stream return fewer than asked). */
    static final int MAX_TRANSFER = 1 << 20;

    /**
     * {@code len} zeroes for a write-zeroes call: as for {@code write}, at most what {@code check-write} permits
     * (1 MiB for a direct stream); more is the guest's error, a trap that names it, never a silently shorter write.
     */
    private static byte[] zeroes(String function, Value len) {
        int n = WasiValues.clampedLength(len, MAX_TRANSFER + 1);
        if (n > MAX_TRANSFER) {
            throw new Trap("wasi:io/streams " + function + "(" + Long.toUnsignedString(integer(len))
                    + ") writes more than check-write permits (at most " + MAX_TRANSFER + " bytes)");
        }
        return new byte[n];
    }

    private static Value read(InputSource in, Value len, boolean block, StreamErrors se) {
        return read(in, WasiValues.clampedLength(len, MAX_TRANSFER), block, se);
    }

    private static Value read(InputSource in, int n, boolean block, StreamErrors se) {
        if (n == 0) {
            return ok(list(List.of()));
        }
        try {
            byte[] r = in.read(n, block);
            return r == InputSource.EOF ? se.closed() : ok(bytes(r, r.length));
        } catch (IOException e) {
            return se.failed(e);
        }
    }

    private static Value skip(InputSource in, Value len, boolean block, StreamErrors se) {
        Value r = read(in, len, block, se);
        if (r instanceof Value.ResultValue rv && rv.isOk()) {
            return ok(u64(((Value.ListValue) rv.payload().get()).elements().size()));
        }
        return r;
    }

    private static Value write(OutputStream out, byte[] bytes, boolean flush, StreamErrors se) {
        try {
            out.write(bytes);
            if (flush) {
                out.flush();
            }
            return OK;
        } catch (IOException e) {
            return se.failed(e);
        }
    }

    /**
     * Moves up to {@code len} bytes (a u64: {@code u64::MAX} from Rust's {@code io::copy} means "as much as there is")
     * from {@code in} to {@code out}: no more than the output takes without blocking, waiting for room first when
     * {@code block}.
     */
    private static Value splice(OutputStream out, InputSource in, Value len, boolean block, StreamErrors se) {
        int n = WasiValues.clampedLength(len, MAX_TRANSFER);
        if (out instanceof QueuedOutput q) {
            if (block && n > 0) {
                try {
                    q.awaitWritable();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Trap("interrupted while waiting for room in an output stream");
                }
            }
            long room = q.writable();
            if (room < 0) {
                return se.failed(q.failureOrGeneric());
            }
            n = (int) Math.min(n, room);
            if (n == 0 && !block) {
                return ok(u64(0));
            }
        }
        Value r = read(in, n, block, se);
        if (!(r instanceof Value.ResultValue rv) || !rv.isOk()) {
            return r;
        }
        byte[] b = WasiValues.toBytes(rv.payload().get());
        Value w = write(out, b, false, se);
        return ((Value.ResultValue) w).isOk() ? ok(u64(b.length)) : w;
    }

    /**
     * Runs a {@code wasi:cli/run} component: calls {@code run} and returns the exit code (0 when {@code run}
     * returns {@code ok}, 1 for {@code err}, or the code the guest passed to {@code exit}).
     *
     * @throws Trap if the guest traps for any other reason
     * @throws IllegalArgumentException if the instance does not export {@code wasi:cli/run}
     */
    public static int run(Instance instance) {
        Func run = instance.func("wasi:cli/run@0.2.0", "run").orElseThrow(() -> new IllegalArgumentException(
                "the component does not export wasi:cli/run@0.2.x"));
        try {
            Value r = run.call().orElseThrow();
            return ((Value.ResultValue) r).isOk() ? 0 : 1;
        } catch (Trap t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof WasiExit exit) {
                    return exit.code();
                }
            }
            throw t;
        }
    }

}
