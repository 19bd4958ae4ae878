package org.wasmcloud4j.host.lattice;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HostException;

/**
 * Everything that crosses hosts in a wasmCloud lattice: control of each host by its id, events, lattice-wide state (links and named configuration,
 * which wasmCloud keeps in the {@code LATTICEDATA}/{@code CONFIGDATA} key-value buckets), invocations of components
 * and providers by id wherever they run, and {@code wasmcloud:messaging} messages. A {@link Host} does all of this
 * through its lattice, so the same host runs alone, beside other hosts in one JVM ({@link InProcessLattice}), or —
 * with a NATS implementation — beside real wasmCloud hosts.
 *
 * <p>Implementations are thread-safe. Listener and target callbacks run on the publishing or calling thread.
 */
public interface Lattice {
    /** The lattice name (a NATS subject token). */
    String name();

    /**
     * {@code host} joins the lattice: control requests addressed to its id (what wasmCloud's control interface
     * {@code wasmbus.ctl} carries: start, scale, stop components, labels, inventory) reach it from now on. Closing
     * the handle leaves. A {@link Host} joins the lattice it is built with and leaves when it stops.
     */
    AutoCloseable join(Host host);

    /** Delivers {@code event} to every listener of the lattice. A failing listener does not stop the others. */
    void publish(LatticeEvent event);

    /** Receives every event published from now on; closing the handle unsubscribes. */
    AutoCloseable subscribe(Consumer<LatticeEvent> listener);

    /** Every link in the lattice, in no particular order (an immutable list; asked on every linked call). */
    List<Link> links();

    /** Stores {@code link}, replacing one with the same source, name, namespace, package and target. */
    void putLink(Link link);

    /** Removes the links of {@code sourceId} with that name, namespace and package; returns them. */
    List<Link> deleteLinks(String sourceId, String name, String witNamespace, String witPackage);

    /**
     * Runs {@code listener} after the lattice's links change, however they changed (through this lattice object, or —
     * for lattices shared across processes — through any other host or tool); the listener reads {@link #links()}.
     * It runs on the thread that saw the change and must not block. Closing the handle unsubscribes.
     */
    AutoCloseable onLinksChanged(Runnable listener);

    /** Named configuration {@code name}, if set. */
    Optional<Map<String, String>> config(String name);

    /**
     * The secret reference stored under {@code name} (a config name starting with {@code SECRET}, the key as given),
     * as its string map, if there is one. Lattices that keep references among named configuration (as the
     * in-process one does) keep this default.
     */
    default Optional<Map<String, String>> secretReference(String name) {
        return name.startsWith("SECRET") ? config(name) : Optional.empty();
    }

    /** Sets named configuration {@code name}, replacing it. */
    void putConfig(String name, Map<String, String> values);

    /** Deletes named configuration {@code name}; whether it existed. */
    boolean deleteConfig(String name);

    /**
     * Announces that {@code target} answers calls to component or provider {@code id} (several hosts may serve one
     * id; calls are spread over them). Closing the handle withdraws it.
     */
    AutoCloseable serve(String id, Target target);

    /**
     * Calls {@code function} of {@code interfaceName} on component or provider {@code id}, wherever it runs.
     *
     * @throws HostException when nothing in the lattice serves {@code id}
     */
    Optional<Value> call(String id, String interfaceName, String function, List<Value> args);

    /**
     * As {@link #call(String, String, String, List)}, typed: {@code type} is the caller's view of the function (what
     * a lattice that encodes values, such as wRPC over NATS, needs to reach {@code id} on another host), and
     * {@code caller} says who calls through which link ({@code source-id}, {@code link-name}). Lattices that pass
     * values as they are ignore both.
     */
    default Optional<Value> call(String id, String interfaceName, String function, FuncType type, Caller caller,
            List<Value> args) {
        return call(id, interfaceName, function, args);
    }

    /**
     * Starts a typed call to {@code id} on another host whose {@code stream<u8>} values flow as they are produced
     * instead of being held whole (what wasmCloud's {@code wrpc:blobstore} transfers need): an empty
     * {@code stream<u8>} among {@code args} is sent pending and its bytes written through
     * {@link StreamingCall#paramBytes}; the results' pending streams and futures are read with
     * {@link StreamingCall#resultBytes} and {@link StreamingCall#resultFuture}. Lattices that pass values as they are
     * keep this default, which refuses.
     *
     * @throws HostException when the call cannot be started ({@link org.wasmcloud4j.host.NotServedException} when
     *         nothing serves it may also come from the first use of the call)
     */
    default StreamingCall start(String id, String interfaceName, String function, FuncType type, Caller caller,
            List<Value> args) {
        throw new HostException("lattice " + name() + " cannot stream a call to " + id + " (" + interfaceName + "."
                + function + ")");
    }

    /**
     * One call started with {@link #start}. Index paths are as in wRPC: param or result {@code i} is {@code [i]},
     * record fields and tuple members take the next index in order, option, result and variant payloads keep their
     * parent's index (so the {@code stream<u8>} in {@code result<tuple<stream<u8>, future<…>>, e>} is
     * {@code [0, 0]}). Used by one thread at a time; {@link #close()} may come from any.
     */
    interface StreamingCall extends AutoCloseable {
        /**
         * The sink of a pending {@code stream<u8>} param: written bytes go out in chunks, {@code close()} ends the
         * stream; writes fail with an {@link java.io.IOException} once the peer has given up.
         *
         * @throws org.wasmcloud4j.host.NotServedException when nothing serves the call
         * @throws HostException when no pending {@code stream<u8>} param is at {@code path}, or the call failed
         */
        java.io.OutputStream paramBytes(int... path);

        /**
         * The results (waits for them), pending streams as empty lists and pending futures as {@code none}.
         *
         * @throws org.wasmcloud4j.host.NotServedException when nothing serves the call
         * @throws HostException when they do not arrive in time or do not decode
         */
        List<Value> results();

        /**
         * The bytes of a pending {@code stream<u8>} result as they arrive; a truncated or malformed stream, a peer
         * gone quiet past the idle timeout or a buffer bound passed is an {@link java.io.IOException} on read.
         *
         * @throws HostException when no pending {@code stream<u8>} result is at {@code path}
         */
        java.io.InputStream resultBytes(int... path);

        /**
         * The elements of a pending {@code stream<T>} result whose elements are not bytes, as their chunks arrive:
         * {@code hasNext()} waits for the next chunk. A truncated or malformed stream, or a peer gone quiet past the
         * idle timeout, is a {@link HostException} from {@code hasNext} / {@code next}. Lattices whose calls cannot
         * stream elements keep this default, which refuses.
         *
         * @throws HostException when no such pending stream is at {@code path}
         */
        default java.util.Iterator<Value> resultElements(int... path) {
            throw new HostException("this lattice's calls do not stream elements");
        }

        /**
         * The value of a pending future result (waits for it).
         *
         * @throws HostException when it is not there, does not arrive in time or does not decode
         */
        Value resultFuture(int... path);

        /** Releases the call; params still owed are aborted (the peer sees them truncated). Idempotent. */
        @Override
        void close();
    }

    /**
     * Who makes a call across the lattice.
     *
     * @param sourceId the calling component's (or provider's) id
     * @param linkName the name of the link the call follows ({@code default} unless set)
     */
    record Caller(String sourceId, String linkName) {
        /** Checks nulls. */
        public Caller {
            java.util.Objects.requireNonNull(sourceId, "sourceId");
            java.util.Objects.requireNonNull(linkName, "linkName");
        }
    }

    /**
     * Whether calls to {@code id} leave this process: nothing in this JVM serves it, so they go over the wire (and
     * interfaces wasmCloud maps onto {@code wrpc:*} instances, such as {@code wasi:keyvalue}, are mapped). Lattices
     * that reach only targets in this JVM keep this default, {@code false}.
     */
    default boolean isRemote(String id) {
        return false;
    }

    /**
     * Opens a session with component {@code id} wherever it runs: calls on one instance, taken from its pool for the
     * session and kept (not reset, not given to anyone else) until {@link Session#close()}, so resource handles it
     * returns stay valid between calls. Resources across links use it. Lattices that cannot pin an instance keep
     * this default, which refuses.
     *
     * @throws HostException when nothing in the lattice serves {@code id}, or it cannot keep sessions
     */
    default Session open(String id) {
        throw new HostException("lattice " + name() + " cannot keep an instance of " + id
                + " for a caller: resource handles cannot cross a link to it");
    }

    /**
     * Answers an HTTP exchange with component {@code id}'s {@code wasi:http/incoming-handler}, wherever it runs (a
     * lattice over NATS sends it as wRPC's {@code wrpc:http/incoming-handler@0.1.0.handle}). Lattices that cannot
     * keep this default, which refuses.
     *
     * @throws HostException when nothing in the lattice serves {@code id} over HTTP
     * @throws java.io.IOException when the exchange's client went away
     */
    default void handleHttp(String id, org.wasmcloud4j.http.HttpExchange exchange) throws java.io.IOException {
        throw new HostException("no component '" + id + "' serves HTTP in lattice " + name());
    }

    /**
     * Sends a component's outgoing HTTP request to the HTTP client provider {@code id} elsewhere in the lattice (a
     * lattice over NATS sends it as wasmCloud does, {@code wrpc:http/outgoing-handler@0.1.0.handle}) and returns the
     * response once its head arrives; both bodies stream (see {@link org.wasmcloud4j.http.OutgoingHttp#send}). Lattices that cannot keep this default, which fails with {@code destination-unavailable}.
     *
     * @throws org.wasmcloud4j.http.OutgoingHttp.Failure with the {@code error-code} the component sees
     */
    default org.wasmcloud4j.http.OutgoingHttp.Response sendHttp(String id, Caller caller,
            org.wasmcloud4j.http.OutgoingHttp.Request request) throws org.wasmcloud4j.http.OutgoingHttp.Failure {
        throw new org.wasmcloud4j.http.OutgoingHttp.Failure("destination-unavailable", "lattice " + name()
                + " cannot send HTTP requests to " + id);
    }

    /**
     * Publishes a {@code wasmcloud:messaging} message (a {@code broker-message} record) to every subscriber in the
     * lattice.
     */
    void publishMessage(Value.RecordValue message);

    /** Receives every message published from now on; closing the handle unsubscribes. */
    AutoCloseable subscribeMessages(Consumer<Value.RecordValue> receiver);

    /** Answers calls to one component or provider id on one host. */
    @FunctionalInterface
    interface Target {
        /**
         * Runs one call.
         *
         * @param interfaceName the called interface, {@code ns:pkg/iface@version}
         * @param function the function name within it
         * @param args the arguments, typed as the interface says
         * @return the result, if the function has one
         */
        Optional<Value> call(String interfaceName, String function, List<Value> args);

        /**
         * The functions this target exports, with their types: interface name ({@code ns:pkg/iface@version}, or
         * {@code ""} for functions at the root of a component's world) → function name → type. A lattice that encodes
         * values serves these to other hosts; targets whose functions are untyped (Java providers) keep this
         * default, none, and are reached only from this JVM.
         */
        default Map<String, Map<String, FuncType>> exports() {
            return Map.of();
        }

        /**
         * Answers one HTTP exchange with this target's {@code wasi:http/incoming-handler} export; targets without
         * one keep this default, which refuses.
         *
         * @throws java.io.IOException when the exchange's client went away
         */
        default void handleHttp(org.wasmcloud4j.http.HttpExchange exchange) throws java.io.IOException {
            throw new HostException("this target serves no wasi:http/incoming-handler");
        }

        /**
         * Opens a session on one instance (see {@link Lattice#open}); targets that keep no instances (Java
         * providers) refuse.
         */
        default Session open() {
            throw new HostException("this target keeps no instances: resource handles cannot cross a link to it");
        }
    }

    /**
     * Calls on one component instance kept for a caller, whose resource handles stay valid until the session is
     * closed. Confined to the caller's thread.
     */
    interface Session extends AutoCloseable {
        /** As {@link Target#call}, on the session's instance. */
        Optional<Value> call(String interfaceName, String function, List<Value> args);

        /** Gives the instance back (reset and pooled if every call completed, else closed). Idempotent. */
        @Override
        void close();
    }
}
