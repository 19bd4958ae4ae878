package org.wasmcloud4j.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.abi.ResourceHandle;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.HostFunction;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.types.ExternType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PackageName;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResourceType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.TypeDefinition;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;
import org.wasmcloud4j.component.value.ByteList;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.capability.CapabilityLinker;
import org.wasmcloud4j.host.lattice.Lattice;
import org.wasmcloud4j.host.lattice.Link;

/**
 * The imports of one deployment that follow links, with resources across them. Built once per deployment on its
 * linker; thread-safe afterwards (per-invocation state lives in the invocation's {@link InvocationLinks}).
 *
 * <p>Routing of a call to an import function:
 * <ol>
 * <li>an argument holding a handle the caller got from a linked component goes to that handle's session (a
 * resource's methods run where it lives, whatever the links say now);</li>
 * <li>else the caller's link for the interface (under the invocation's link name) decides: a Java provider or a
 * component gets the call, for interfaces without resources as one invocation each, with resources in the
 * invocation's session with the target;</li>
 * <li>else the built-in implementation, for the host's own capabilities ({@code wasi:keyvalue},
 * {@code wasi:blobstore}) — an interface those define is linkable like any other, as in wasmCloud;</li>
 * <li>else the call fails, naming the missing link.</li>
 * </ol>
 *
 * <p>Resources: a handle a linked component returns stays owned by the host, inside the session's instance; the
 * caller gets a proxy handle of the import's resource type whose object is a {@link LinkedHandle}. Borrowing the
 * proxy lends the target's handle, passing it as {@code own} moves the target's handle back into the target,
 * dropping it drops the target's handle (the target's destructor runs). A session pins one instance of the target
 * (its slot and an instance from its pool, neither reset nor shared) from the first call that needs it to the end of
 * the caller's invocation. Then {@link InvocationLinks#end()} drops every handle the caller leaked (each target runs
 * its destructor) and gives each session's instance back to its pool. A handle of any other resource (a built-in's,
 * or {@code wasi:io} streams) cannot cross a link: such a call fails, naming it.
 */
final class LinkedCalls implements CapabilityLinker {
    private static final Logger LOG = LoggerFactory.getLogger(LinkedCalls.class);

    private final Host host;
    private final String sourceId;
    private final Linker linker;
    /** The component's interface imports, by name. */
    private final Map<String, InterfaceType> imports = new LinkedHashMap<>();
    /** The host resources whose handles may hold {@link LinkedHandle}s, by the resource type of the imports. */
    private final Map<ResourceType, HostResource<Object>> resources = new ConcurrentHashMap<>();
    /** The same host resources, as the owners of their run-time types (identity: HostResource keeps Object's). */
    private final Map<Object, HostResource<Object>> owners = new ConcurrentHashMap<>();
    /** The built-in {@code wasi:keyvalue/store} {@code open} and bucket resource, for {@link #openBucket}. */
    private volatile HostFunction storeOpen;
    private volatile HostResource<Object> storeBuckets;

    LinkedCalls(Host host, String sourceId, Component component, Linker linker) {
        this.host = host;
        this.sourceId = sourceId;
        this.linker = linker;
        component.type().imports().forEach((name, type) -> {
            if (type instanceof InterfaceType it && it.name().isPresent()) {
                imports.put(name, it);
            }
        });
    }

    /**
     * An interface the component imports and the links route (with {@code builtIn} functions when no link
     * applies).
     */
    private record Route(String importName, InterfaceName name, String namespace, String pkg, String iface,
            String unversioned, boolean hasResources) {
        static Route of(String importName, InterfaceType type) {
            InterfaceName in = type.name().orElseThrow();
            PackageName p = in.packageName();
            boolean resources = type.types().values().stream().anyMatch(t -> t instanceof ResourceType)
                    || type.functions().values().stream().anyMatch(Fn::handles);
            return new Route(importName, in, String.join(":", p.namespaces()), p.name(), in.interfaceLabel(),
                    in.unversioned(), resources);
        }
    }

    /** A routed function's type, with where handles may occur worked out once (calls check these flags only). */
    private record Fn(String name, FuncType type, boolean[] paramHandles, boolean resultHandles) {
        static Fn of(String name, FuncType type) {
            boolean[] params = new boolean[type.params().size()];
            for (int i = 0; i < params.length; i++) {
                params[i] = type.params().get(i).type().containsHandles();
            }
            return new Fn(name, type, params, type.result().map(ValType::containsHandles).orElse(false));
        }

        static boolean handles(FuncType type) {
            return type.params().stream().anyMatch(p -> p.type().containsHandles())
                    || type.result().map(ValType::containsHandles).orElse(false);
        }
    }

    /** The import {@code iface} (a host definition's name: exact, else semver-compatible), if the component has it. */
    private Optional<Map.Entry<String, InterfaceType>> imported(String iface) {
        InterfaceType exact = imports.get(iface);
        if (exact != null) {
            return Optional.of(Map.entry(iface, exact));
        }
        InterfaceName have = InterfaceName.tryParse(iface).orElse(null);
        if (have == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, InterfaceType> e : imports.entrySet()) {
            if (e.getValue().name().orElseThrow().isSatisfiedBy(have)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- built-in capabilities, linkable

    @Override
    public void defineFunction(String iface, String function, HostFunction builtIn) {
        if (iface.startsWith(KEYVALUE_STORE) && function.equals("open")) {
            storeOpen = builtIn;
        }
        Optional<Map.Entry<String, InterfaceType>> imp = imported(iface);
        FuncType type = imp.map(e -> e.getValue().functions().get(function)).orElse(null);
        if (type == null) {
            linker.defineFunction(iface, function, builtIn);   // not imported: nothing to route
            return;
        }
        Route route = Route.of(imp.get().getKey(), imp.get().getValue());
        Fn fn = Fn.of(function, type);
        linker.defineFunction(iface, function, args -> call(route, fn, args, builtIn));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> HostResource<T> defineResource(String iface, String resource, Consumer<? super T> destructor) {
        HostResource<T> r = linker.defineResource(iface, resource, o -> {
            if (o instanceof LinkedHandle h) {
                h.release();
            } else if (o instanceof WireKeyValue.Bucket || WireBlobstore.isWireObject(o)) {
                WireBlobstore.drop(o);   // a name (nothing to do), or a stream of names and its call
            } else {
                destructor.accept(o);
            }
        });
        imported(iface).ifPresent(e -> {
            if (e.getValue().types().get(resource) instanceof ResourceType rt) {
                register(rt, (HostResource<Object>) (HostResource<?>) r);
            }
        });
        if (iface.startsWith(KEYVALUE_STORE) && resource.equals("bucket")) {
            storeBuckets = (HostResource<Object>) (HostResource<?>) r;
        }
        return r;
    }

    private void register(ResourceType type, HostResource<Object> r) {
        resources.put(type, r);
        owners.put(r, r);
    }

    private static final String KEYVALUE_STORE = "wasi:keyvalue/store@";

    /**
     * A bucket handle for {@code name}, as the component's own {@code wasi:keyvalue/store.open} would give it: a bucket
     * of the store its link points to over the wire (its calls then go there by name), else of the host's own store
     * (for a {@code wasi:keyvalue/watcher} call, which names its bucket as a string on the wire).
     *
     * @throws HostException when the component has no bucket type, its store is linked to a target in this JVM (a
     *         watcher cannot be handed such a bucket), or the bucket does not open
     */
    Value.Handle openBucket(String name) {
        HostResource<Object> buckets = storeBuckets;
        HostFunction open = storeOpen;
        if (buckets == null || open == null) {
            throw new HostException("component " + sourceId + " has no wasi:keyvalue bucket to be given");
        }
        String linkName = BusCapability.currentLinkName("wasi:keyvalue/store");
        Link link = host.linkFor(sourceId, linkName, "wasi", "keyvalue", "store");
        if (link != null && host.reachedOverWire(link.target())) {
            return buckets.create(new WireKeyValue.Bucket(name));
        }
        if (link != null) {
            throw new HostException("component " + sourceId + ": its wasi:keyvalue/store is linked to "
                    + link.target() + " in this JVM, whose buckets cannot be handed to a watcher");
        }
        Value.ResultValue r = (Value.ResultValue) open.call(List.of(new Value.Str(name)));
        if (!r.isOk() || !(r.payload().orElse(null) instanceof Value.Handle h)) {
            throw new HostException("component " + sourceId + ": bucket " + name + " does not open: "
                    + r.payload().orElse(null));
        }
        return h;
    }

    // ---------------------------------------------------------------- imports only links answer

    /**
     * Routes every function of the import {@code name} through links; each resource type it defines becomes a host
     * resource of proxies.
     */
    void linkImport(String name, InterfaceType it) {
        InterfaceName in = it.name().orElseThrow();
        for (Map.Entry<String, TypeDefinition> t : it.types().entrySet()) {
            if (t.getValue() instanceof ResourceType res && res.owner().asInterface().map(in::equals).orElse(true)) {
                HostResource<Object> r = linker.defineResource(name, res.name(), o -> ((LinkedHandle) o).release());
                register(res, r);
            }
        }
        Route route = Route.of(name, it);
        it.functions().forEach((name2, type) -> {
            Fn fn = Fn.of(name2, type);
            linker.defineFunction(name, name2, args -> call(route, fn, args, null));
        });
    }

    // ---------------------------------------------------------------- calls

    private Value call(Route r, Fn fn, List<Value> args, HostFunction builtIn) {
        LinkedHandle held = heldHandle(args, fn);
        if (held != null) {
            return through(held.session, held.targetId, r, fn, args);
        }
        BusCapability.LinkNames names = BusCapability.current();
        String linkName = BusCapability.currentLinkName(r.unversioned());
        Link link = host.linkFor(sourceId, linkName, r.namespace(), r.pkg(), r.iface());
        if (WireKeyValue.maps(r.unversioned())) {
            boolean wireBucket = firstHandleObjectIs(fn, args, o -> o instanceof WireKeyValue.Bucket);
            if (wireBucket || link != null && host.reachedOverWire(link.target())) {
                return wireKeyValue(r, fn, args, link, linkName);
            }
        }
        if (WireBlobstore.maps(r.unversioned())) {
            Value v = wireBlobstore(r, fn, args, link, linkName, builtIn);
            if (v != NOT_WIRE) {
                return v;
            }
        }
        if (link == null) {
            if (builtIn != null) {
                return builtIn.call(args);
            }
            throw new HostException("component " + sourceId + ": no link named '" + linkName + "' for "
                    + r.unversioned() + " (call to " + fn.name() + ")");
        }
        if (host.isProvider(link.target())) {
            return host.callProvider(link.target(), r.name(), fn.name(), args).orElse(null);
        }
        if (!r.hasResources()) {
            return host.callComponent(link.target(), r.importName(), fn.name(), fn.type(),
                    new Lattice.Caller(sourceId, linkName), args).orElse(null);
        }
        if (names == null) {
            throw new HostException("component " + sourceId + ": " + r.unversioned() + " has resource types, so a "
                    + "call to " + link.target() + " needs a host invocation to keep the target's instance in");
        }
        return through(names.links().session(link.target(), host), link.target(), r, fn, args);
    }

    /** A {@code wasi:keyvalue} call mapped onto {@code wrpc:keyvalue} on a provider elsewhere ({@link WireKeyValue}). */
    private Value wireKeyValue(Route r, Fn fn, List<Value> args, Link link, String linkName) {
        if (link == null || !host.reachedOverWire(link.target())) {
            return WireKeyValue.other(staleWireHandle("the bucket was opened on a store", r, link, linkName,
                    "open it again"));
        }
        Lattice.Caller caller = new Lattice.Caller(sourceId, linkName);
        return WireKeyValue.call(r.iface(), fn.name(), fn.type(), args, link.target(), caller, resultResource(fn),
                this::proxy, overWire(link.target(), caller));
    }

    /** {@link #wireBlobstore}'s answer for a call that is not mapped: it takes the usual route. */
    private static final Value NOT_WIRE = new Value.Str("not a wire call");

    /**
     * A {@code wasi:blobstore} call mapped onto {@code wrpc:blobstore} on a provider elsewhere ({@link WireBlobstore})
     * when a handle in it is one of the mapping's or the link points to a target reached over the wire; else
     * {@link #NOT_WIRE}. {@code types} functions run on the host's own values (whose bytes the mapping moves).
     */
    private Value wireBlobstore(Route r, Fn fn, List<Value> args, Link link, String linkName, HostFunction builtIn) {
        boolean remote = link != null && host.reachedOverWire(link.target());
        if (r.iface().equals("types")) {
            return remote && builtIn != null ? builtIn.call(args) : NOT_WIRE;
        }
        if (!remote) {
            return firstHandleObjectIs(fn, args, WireBlobstore::isWireObject)
                    ? WireBlobstore.err(staleWireHandle("the container was opened on a blobstore", r, link, linkName,
                            "get it again"))
                    : NOT_WIRE;
        }
        Lattice.Caller caller = new Lattice.Caller(sourceId, linkName);
        return WireBlobstore.call(r.iface(), fn.name(), fn.type(), args, link.target(), caller, resultResource(fn),
                this::proxy, overWire(link.target(), caller), (instance, function, type, a) ->
                        host.startOverWire(link.target(), instance, function, type, caller, a));
    }

    /** Whether {@code fn}'s first parameter is a handle whose object (one of this deployment's) passes {@code test}. */
    private boolean firstHandleObjectIs(Fn fn, List<Value> args, java.util.function.Predicate<Object> test) {
        return fn.paramHandles().length > 0 && fn.paramHandles()[0] && args.get(0) instanceof Value.Handle h
                && test.test(proxy(h));
    }

    /** Why a handle a wire mapping gave out cannot be used now that the link no longer leaves this process. */
    private String staleWireHandle(String opened, Route r, Link link, String linkName, String redo) {
        return "component " + sourceId + ": " + opened + " reached over the lattice, and link '" + linkName + "' for "
                + r.unversioned() + " now " + (link == null ? "is gone" : "points to " + link.target()
                + " in this process") + ": " + redo;
    }

    /** Calls to {@code target} over the lattice for {@code caller}, as the wire mappings make them. */
    private WireKeyValue.WireCall overWire(String target, Lattice.Caller caller) {
        return (instance, function, type, a) -> host.callComponent(target, instance, function, type, caller, a);
    }

    /** The host resource of the handle type in {@code fn}'s result ({@code own<r>} or {@code result<own<r>, e>}). */
    private HostResource<Object> resultResource(Fn fn) {
        ValType t = fn.type().result().map(ValType::unwrap).orElse(null);
        if (t instanceof ResultType rt) {
            t = rt.ok().map(ValType::unwrap).orElse(null);
        }
        return t instanceof HandleType ht ? resources.get(ht.resource()) : null;
    }

    /** The first proxy handle in {@code args}, if any. */
    private LinkedHandle heldHandle(List<Value> args, Fn fn) {
        for (int i = 0; i < args.size() && i < fn.paramHandles().length; i++) {
            if (fn.paramHandles()[i]) {
                LinkedHandle h = firstHandle(args.get(i), fn.type().params().get(i).type());
                if (h != null) {
                    return h;
                }
            }
        }
        return null;
    }

    private LinkedHandle firstHandle(Value v, ValType t) {
        LinkedHandle[] found = new LinkedHandle[1];
        map(v, t, (h, ht) -> {
            if (found[0] == null && proxy(h) instanceof LinkedHandle l) {
                found[0] = l;
            }
            return h;
        });
        return found[0];
    }

    /** The object behind {@code h} if it is one of this deployment's routed resources, else {@code null}. */
    private Object proxy(Value.Handle h) {
        HostResource<Object> r = owners.get(h.resource().type().owner() == null ? this
                : h.resource().type().owner());
        return r == null ? null : r.get(h);
    }

    /** A call on {@code session}: proxies in the arguments become the target's handles, its handles proxies. */
    private Value through(Lattice.Session session, String targetId, Route r, Fn fn, List<Value> args) {
        BusCapability.LinkNames names = BusCapability.current();
        if (names == null) {
            throw new HostException("component " + sourceId + ": resource handles of " + r.unversioned()
                    + " cross links only within a host invocation");
        }
        InvocationLinks links = names.links();
        List<Value.Handle> given = new ArrayList<>();
        List<Value> mapped = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            mapped.add(i < fn.paramHandles().length && fn.paramHandles()[i]
                    ? map(args.get(i), fn.type().params().get(i).type(),
                            (h, ht) -> toTarget(h, session, targetId, given))
                    : args.get(i));
        }
        Optional<Value> result = session.call(r.importName(), fn.name(), mapped);
        for (Value.Handle h : given) {
            h.resource().drop();   // the caller gave up its proxy; the target's handle moved into the target
        }
        if (result.isEmpty() || !fn.resultHandles()) {
            return result.orElse(null);
        }
        return map(result.get(), fn.type().result().get(), (h, ht) -> fromTarget(h, ht, session, targetId, links));
    }

    private Value toTarget(Value.Handle h, Lattice.Session session, String targetId, List<Value.Handle> given) {
        Object o = proxy(h);
        if (!(o instanceof LinkedHandle l)) {
            throw new HostException("component " + sourceId + " passed a " + h.resource().type().name()
                    + " handle to " + targetId + " that did not come from there: only resources a linked component"
                    + " returned can cross a link");
        }
        if (l.session != session) {
            throw new HostException("component " + sourceId + " passed a " + h.resource().type().name()
                    + " handle from " + l.targetId + " to " + targetId + ": a resource stays with the instance that "
                    + "made it");
        }
        if (!h.resource().isBorrowed()) {
            given.add(h);
        }
        return new Value.Handle(l.target);
    }

    private Value fromTarget(Value.Handle h, HandleType type, Lattice.Session session, String targetId,
            InvocationLinks links) {
        HostResource<Object> r = resources.get(type.resource());
        if (r == null || h.resource().isBorrowed()) {
            if (!h.resource().isBorrowed() && !h.resource().isGone()) {
                h.resource().drop();
            }
            throw new HostException(targetId + " returned a " + type.resource().name() + " handle to "
                    + sourceId + ", which has no linked counterpart for it");
        }
        LinkedHandle l = new LinkedHandle(session, targetId, h.resource());
        Value.Handle p = r.create(l);
        l.proxy = p.resource();
        links.add(l);
        return p;
    }

    /** What happens to each handle inside a value. */
    @FunctionalInterface
    private interface HandleMap {
        Value apply(Value.Handle handle, HandleType type);
    }

    /** {@code v} (of type {@code t}) with each handle replaced by {@code f}; the same object when it holds none. */
    private static Value map(Value v, ValType t, HandleMap f) {
        ValType u = t.unwrap();
        if (!u.containsHandles()) {
            return v;
        }
        if (u instanceof HandleType ht && v instanceof Value.Handle h) {
            return f.apply(h, ht);
        }
        if (u instanceof ListType l && v instanceof Value.ListValue lv && !(lv.elements() instanceof ByteList)) {
            List<Value> out = new ArrayList<>(lv.elements().size());
            lv.elements().forEach(e -> out.add(map(e, l.element(), f)));
            return new Value.ListValue(out);
        }
        if (u instanceof OptionType o && v instanceof Value.OptionValue ov) {
            return new Value.OptionValue(ov.value().map(x -> map(x, o.some(), f)));
        }
        if (u instanceof ResultType r && v instanceof Value.ResultValue rv) {
            Optional<ValType> pt = rv.isOk() ? r.ok() : r.err();
            return new Value.ResultValue(rv.isOk(), rv.payload().map(x -> pt.map(p -> map(x, p, f)).orElse(x)));
        }
        if (u instanceof TupleType tt && v instanceof Value.TupleValue tv) {
            List<Value> out = new ArrayList<>(tv.elements().size());
            for (int i = 0; i < tv.elements().size(); i++) {
                out.add(map(tv.elements().get(i), tt.elements().get(i), f));
            }
            return new Value.TupleValue(out);
        }
        if (u instanceof RecordType rt && v instanceof Value.RecordValue rv) {
            Map<String, Value> out = new LinkedHashMap<>();
            for (RecordType.Field field : rt.fields()) {
                out.put(field.name(), map(rv.fields().get(field.name()), field.type(), f));
            }
            return new Value.RecordValue(out);
        }
        if (u instanceof VariantType vt && v instanceof Value.VariantValue vv) {
            for (VariantType.Case c : vt.cases()) {
                if (c.name().equals(vv.caseName())) {
                    return new Value.VariantValue(vv.caseName(),
                            vv.payload().map(x -> c.type().map(p -> map(x, p, f)).orElse(x)));
                }
            }
        }
        return v;
    }

    // ---------------------------------------------------------------- per invocation

    /**
     * A resource a linked component made, held for a caller: the target's owned handle (inside the session's
     * instance) behind the caller's proxy handle.
     */
    static final class LinkedHandle {
        final Lattice.Session session;
        final String targetId;
        final ResourceHandle target;
        /** The caller's proxy (owned), to drop it at the end of the invocation if the caller leaked it. */
        ResourceHandle proxy;

        LinkedHandle(Lattice.Session session, String targetId, ResourceHandle target) {
            this.session = session;
            this.targetId = targetId;
            this.target = target;
        }

        /** The caller's proxy is gone: the target's handle is dropped too, unless it moved back into the target. */
        void release() {
            if (!target.isGone()) {
                target.drop();
            }
        }

        /** The caller's invocation ends with this proxy still held: drop it (and so the target's handle). */
        void endOfInvocation() {
            try {
                if (proxy != null) {
                    // a fresh owned handle of the same rep: its destructor removes the proxy if still there
                    new ResourceHandle(proxy.type(), proxy.rep(), false).drop();
                }
                release();
            } catch (RuntimeException e) {
                LOG.warn("dropping a leaked {} handle of {} failed", target.type().name(), targetId, e);
            }
        }
    }

    /**
     * What one invocation of a component holds across links: a session per target that returned resources, and the
     * resources. Confined to the invocation's thread.
     */
    static final class InvocationLinks {
        private final Map<String, Lattice.Session> sessions = new LinkedHashMap<>();
        private final List<LinkedHandle> handles = new ArrayList<>();

        /** The invocation's session with {@code target}, opened on first use. */
        Lattice.Session session(String target, Host host) {
            Lattice.Session s = sessions.get(target);
            if (s == null) {
                s = host.session(target);
                sessions.put(target, s);
            }
            return s;
        }

        void add(LinkedHandle h) {
            handles.add(h);
        }

        /**
         * The invocation is over: every resource the caller still holds is dropped (its target runs the
         * destructor), then every session gives its instance back (reset and pooled, or closed after a failure).
         * Never throws.
         */
        void end() {
            for (LinkedHandle h : handles) {
                h.endOfInvocation();
            }
            handles.clear();
            for (Lattice.Session s : sessions.values()) {
                try {
                    s.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing a session with a linked component failed", e);
                }
            }
            sessions.clear();
        }
    }
}
