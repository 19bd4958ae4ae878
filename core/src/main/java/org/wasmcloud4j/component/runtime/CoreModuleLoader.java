package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.compiler.internal.CompilerResult;
import com.dylibso.chicory.compiler.internal.MachineFactory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.NameCustomSection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.wasmcloud4j.component.binary.DecodeException;
import org.wasmcloud4j.component.binary.Section;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.validate.ValidationException;

/**
 * Hands the core modules of a component to Chicory's parser and compiler, so that nothing Chicory throws escapes
 * untyped.
 *
 * <p>By the time a module gets here the decoder has walked all its sections and checked every length and count
 * Chicory allocates by against the bytes that remain ({@code CoreDecoding}). The "name" custom section is the one
 * part Chicory decodes that the decoder leaves alone, because the core specification says a malformed name section
 * must not make a module invalid: it is checked here, and when it is malformed Chicory is given an empty one.
 *
 * <p>Failures are reported at the offset of the module's first byte in the component:
 * <ul>
 *   <li>Chicory's {@link MalformedException}: a {@link DecodeException};
 *   <li>any other {@link ChicoryException} (its validator's {@code InvalidException}, its compiler's refusals): a
 *       {@link ValidationException};
 *   <li>any other exception or {@link AssertionError} (Chicory's parser fails with NullPointerException,
 *       IndexOutOfBoundsException and others on some malformed code), and {@link OutOfMemoryError} or
 *       {@link StackOverflowError} while parsing or compiling: a {@link DecodeException} naming the error, with it as
 *       the cause. Memory and stack are given back when the failed parse unwinds, so the embedder can go on; other
 *       {@link VirtualMachineError}s are not caught.
 * </ul>
 *
 * <p>Compilation drives Chicory's internal {@code Compiler} (not {@code MachineFactoryCompiler}, whose public API
 * does not tell which functions fell back to the interpreter) with its internal {@code ClassCollector} interface:
 * {@link LazyClassCollector} defines the generated classes only when they are first used, in small function groups,
 * where Chicory's own collector defines and verifies every class at load. Both are pinned to Chicory 1.7.5 and
 * covered by {@code CompileCacheTest}.
 */
final class CoreModuleLoader {
    private static final Logger LOG = LoggerFactory.getLogger(CoreModuleLoader.class);
    static final Map<String, Function<byte[], CustomSection>> CUSTOM_PARSERS =
            Map.of("name", CoreModuleLoader::nameSection);

    private CoreModuleLoader() {}

    /** Parses and validates the module of {@code m} with Chicory, as it is. */
    static WasmModule parse(Section.CoreModule m) {
        return parse(m, 0).module();
    }

    /**
     * A module Chicory parsed and the bytes it parsed: the split ones, or {@code null} for the module's own. Compiled
     * code stored in the cache goes with a stubbed copy of exactly these bytes
     * ({@link #compile(Section.CoreModule, Parsed, CompileCache, boolean)}).
     */
    record Parsed(WasmModule module, byte[] bytes) {}

    /**
     * Parses and validates the module of {@code m} with Chicory; with a positive {@code splitLimit}, function bodies of
     * more bytes (too large for Chicory's compiler to turn into JVM methods HotSpot compiles) are first split into
     * smaller functions
     * ({@link HugeFunctionSplitter}). Should Chicory reject the split module, the module is parsed as it is (and that
     * is logged): the splitter never makes a module fail that would load without it.
     */
    static Parsed parse(Section.CoreModule m, int splitLimit) {
        long at = m.bytes().offset();
        Throwable[] splitRejected = {null};
        Parsed split = parseSplit(m, splitLimit, splitRejected, null);
        if (split != null) {
            return split;
        }
        try {
            WasmModule module = chicoryParse(m.bytes().length() >= ParallelParse.MIN_CODE_BYTES
                    ? m.bytes().toArray() : null, () -> m.bytes().asInputStream());
            if (splitRejected[0] != null) {
                LOG.warn("core module at byte {}: Chicory rejected it with its huge functions split ({}); loaded it "
                        + "as it is", at, splitRejected[0].toString());
            }
            return new Parsed(module, null);
        } catch (MalformedException e) {
            throw new DecodeException(at, "malformed core module: " + e.getMessage(), e);
        } catch (ChicoryException e) {
            throw new ValidationException(at, "invalid core module: " + e.getMessage(), e);
        } catch (RuntimeException | AssertionError | OutOfMemoryError | StackOverflowError e) {
            throw unexpected(at, "parser", e);
        }
    }

    /**
     * The module of {@code m} with its huge functions split, parsed; {@code null} when no body is over
     * {@code splitLimit} (or it is not positive), or when Chicory rejects the split module (logged, as in
     * {@link #parse(Section.CoreModule, int)}). The bodies the splitter leaves as they are are shared with
     * {@code whole}, Chicory's parse of the module as it is (the interpreter's, in tiered mode; {@link SharedBodies}),
     * so that only the changed and added bodies are decoded; a {@code null} {@code whole} parses the split module in
     * full.
     */
    static Parsed parseSplit(Section.CoreModule m, int splitLimit, WasmModule whole) {
        Throwable[] rejected = {null};
        Parsed module = parseSplit(m, splitLimit, rejected, whole);
        if (rejected[0] != null) {
            LOG.warn("core module at byte {}: Chicory rejected it with its huge functions split ({}); it stays as it is",
                    m.bytes().offset(), rejected[0].toString());
        }
        return module;
    }

    private static Parsed parseSplit(Section.CoreModule m, int splitLimit, Throwable[] rejected, WasmModule whole) {
        if (splitLimit <= 0) {
            return null;
        }
        byte[] original = m.bytes().toArray();
        HugeFunctionSplitter.Split split = HugeFunctionSplitter.split(original, splitLimit);
        if (split.functionsSplit() == 0) {
            return null;
        }
        if (whole != null) {
            try {
                WasmModule shared = SharedBodies.parse(original, whole, split.bytes(), CUSTOM_PARSERS);
                if (shared != null) {
                    return new Parsed(shared, split.bytes());
                }
            } catch (RuntimeException | AssertionError | StackOverflowError e) {
                LOG.debug("core module at byte {}: sharing the interpreter's bodies failed ({}); parsing the split "
                        + "module in full", m.bytes().offset(), e.toString());
            }
        }
        try {
            WasmModule module = chicoryParse(split.bytes(), () -> new java.io.ByteArrayInputStream(split.bytes()));
            LOG.debug("core module at byte {}: {} functions over {} bytes split into {} smaller ones for Chicory's "
                    + "compiler", m.bytes().offset(), split.functionsSplit(), splitLimit, split.piecesAdded());
            return new Parsed(module, split.bytes());
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            rejected[0] = e; // an invalid module fails as it is; only a valid one is worth a warning
            return null;
        }
    }

    /**
     * Chicory's parse of a module, with validation: of {@code bytes} (may be null) on several threads when it is large
     * ({@link ParallelParse}), else of {@code input} as Chicory's parser does it.
     */
    private static WasmModule chicoryParse(byte[] bytes, java.util.function.Supplier<java.io.InputStream> input) {
        WasmModule module = bytes == null ? null : ParallelParse.parse(bytes, CUSTOM_PARSERS);
        // a Parser keeps the type section of the module it is parsing: one per module
        return module != null ? module : Parser.builder().withCustomParsers(CUSTOM_PARSERS).build().parse(input);
    }

    /** Compiles a parsed module to JVM bytecode with Chicory's runtime compiler, without a cache. */
    static Function<Instance, Machine> compile(Section.CoreModule m, WasmModule module) {
        return compile(m, module, null);
    }

    /**
     * The machine factory of a parsed module: defined from {@code cache}'s verified entry when it has one, else
     * compiled with Chicory's runtime compiler (and stored in {@code cache}, when given). Functions Chicory cannot
     * compile (a JVM method over 64 KiB) run on its interpreter; each is logged once through SLF4J with its name from
     * the name section, instead of Chicory's line on standard error.
     */
    static Function<Instance, Machine> compile(Section.CoreModule m, WasmModule module, CompileCache cache) {
        return compile(m, new Parsed(module, null), cache, true, false).factory();
    }

    /**
     * Core modules of at least this many bytes run, once compiled, on a re-parse of the module with its compiled
     * functions' bodies stubbed, as a cache hit does: the instruction objects of the full parse (about 30 bytes of
     * heap per byte of code) are let go.
     */
    static final int SLIM_MIN_BYTES = 1 << 20;

    /**
     * As {@link #compile(Section.CoreModule, WasmModule, CompileCache)} for a module parsed from {@code parsed}'s bytes
     * ({@code null}: from {@code m}'s own); without {@code lookFirst} it does not read the cache. With {@code slim},
     * a module of {@link #SLIM_MIN_BYTES} or more that is compiled here comes back re-parsed with its compiled bodies
     * stubbed (the module instances must then be made of); otherwise, and on a hit, {@code parsed}'s module.
     */
    static Loaded compile(Section.CoreModule m, Parsed parsed, CompileCache cache, boolean lookFirst, boolean slim) {
        WasmModule module = parsed.module();
        long at = m.bytes().offset();
        String sha = cache == null ? null : cacheKey(m);
        Function<Instance, Machine> hit = lookFirst ? cached(module, cache, sha) : null;
        if (hit != null) {
            return new Loaded(module, hit);
        }
        try {
            Compiled c = compiled(module, at);
            byte[] from = parsed.bytes();
            boolean slimmed = slim && (from != null ? from.length : m.bytes().length()) >= SLIM_MIN_BYTES;
            CompileCache.Entry entry = c.entry();
            if (cache != null || slimmed) {
                entry = withStubbedModule(m, from != null ? from : m.bytes().toArray(), entry);
            }
            if (cache != null) {
                cache.store(sha, entry);
            }
            WasmModule stubbed = slimmed ? parseStubbed(entry.module(), at) : null;
            return stubbed == null ? new Loaded(module, c.factory())
                    : new Loaded(stubbed, new MachineFactory(stubbed, c.collector().machineFactory()));
        } catch (ChicoryException e) {
            throw new ValidationException(at, "core module rejected by Chicory's compiler: " + e.getMessage(), e);
        } catch (RuntimeException | AssertionError | OutOfMemoryError | StackOverflowError e) {
            throw unexpected(at, "compiler", e);
        }
    }

    /** A freshly compiled module: its machine factory, what a cache entry keeps of it, and its classes. */
    record Compiled(Function<Instance, Machine> factory, CompileCache.Entry entry, LazyClassCollector collector) {}

    /**
     * {@code stubbed} (a module's bytes with its compiled bodies stubbed) parsed; {@code null} when there are none or
     * Chicory refuses them (logged): the caller keeps the module it has.
     */
    private static WasmModule parseStubbed(byte[] stubbed, long at) {
        if (stubbed.length == 0) {
            return null;
        }
        try {
            return Parser.builder().withCustomParsers(CUSTOM_PARSERS).build()
                    .parse(() -> new java.io.ByteArrayInputStream(stubbed));
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            LOG.debug("core module at byte {}: its stubbed copy did not parse ({}); keeping the full one", at,
                    e.toString());
            return null;
        }
    }

    /** Compiles {@code module} (at byte {@code at} of its component), logging the functions left interpreted. */
    static Compiled compiled(WasmModule module, long at) {
        CompilerResult result = Compiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT)
                .withMaxFunctionsPerClass(LazyClassCollector.FUNCTIONS_PER_CLASS)
                .withClassCollectorFactory(LazyClassCollector::new).build().compile();
        LazyClassCollector collector = (LazyClassCollector) result.collector();
        logInterpreted(module, result.interpretedFunctions(), at);
        // the entry's bytes first: the collector lets a class's bytes go once it is defined
        CompileCache.Entry entry = new CompileCache.Entry(collector.mainClassName(), collector.classBytes(),
                result.interpretedFunctions());
        return new Compiled(new MachineFactory(module, collector.machineFactory()), entry, collector);
    }

    /**
     * {@code e} with the module a later hit parses: the bytes its classes were compiled from, with the compiled
     * functions' bodies stubbed ({@link #loadCached}); without it when the module cannot be stubbed.
     */
    private static CompileCache.Entry withStubbedModule(Section.CoreModule m, byte[] compiledFrom,
            CompileCache.Entry e) {
        try {
            return new CompileCache.Entry(e.mainClass(), e.classes(), e.interpreted(),
                    HugeFunctionSplitter.stubBodies(compiledFrom, e.interpreted()));
        } catch (FunctionCode.Unsupported | RuntimeException x) {
            LOG.debug("core module at byte {}: kept in the cache without its stubbed module ({})", m.bytes().offset(),
                    x.toString());
            return e;
        }
    }

    /** A module parsed for compiled code from the cache, and that code. */
    record Loaded(WasmModule module, Function<Instance, Machine> factory) {}

    /**
     * On a hit in {@code cache}: the module the entry keeps (verified with its classes: the bytes they were compiled
     * from, with the compiled functions' bodies stubbed, {@link HugeFunctionSplitter#stubBodies}), parsed, and its
     * machine factory from the entry; {@code null} on a miss or without a cache (the caller then parses and compiles
     * without looking again). An entry without a module, or whose module fails, has the module parsed in full, as for
     * compiling; when the entry's classes do not define, the factory is {@code null} (compile again). Only functions
     * the entry says run interpreted keep their bodies: the compiled classes never read the others.
     */
    static Loaded loadCached(Section.CoreModule m, int splitLimit, CompileCache cache) {
        if (cache == null || splitLimit != HugeFunctionSplitter.DEFAULT_LIMIT) {
            return null;
        }
        String key = cacheKey(m);
        java.util.Optional<CompileCache.Entry> hit = cache.load(key);
        if (hit.isEmpty()) {
            return null;
        }
        long at = m.bytes().offset();
        byte[] stubbed = hit.get().module();
        if (stubbed.length > 0) {
            try {
                WasmModule module = Parser.builder().withCustomParsers(CUSTOM_PARSERS).build()
                        .parse(() -> new java.io.ByteArrayInputStream(stubbed));
                return new Loaded(module, define(module, hit.get()));
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                LOG.warn("core module at byte {}: its compiled-code cache entry {} could not be used with stubbed "
                        + "bodies ({}): loading it in full", at, cache.describe(key), e.toString());
            }
        }
        WasmModule module = parse(m, splitLimit).module();
        try {
            return new Loaded(module, define(module, hit.get()));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("compiled-code cache entry {} could not be defined ({}): compiling the module again",
                    cache.describe(key), e.toString());
            return new Loaded(module, null);
        }
    }

    /** The machine factory of {@code module} from {@code cache}'s verified entry; {@code null} on a miss or without a cache. */
    static Function<Instance, Machine> cached(Section.CoreModule m, WasmModule module, CompileCache cache) {
        return cache == null ? null : cached(module, cache, cacheKey(m));
    }

    /**
     * The compiled-code cache key of a module: the SHA-256 of its bytes and of the splitter's version, since compiled
     * modules are split first ({@link #parse(Section.CoreModule, int)}) and a new splitter makes other classes.
     */
    static String cacheKey(Section.CoreModule m) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            d.update(m.bytes().asByteBuffer());
            d.update(("\0huge-function-splitter-" + HugeFunctionSplitter.VERSION).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    private static Function<Instance, Machine> cached(WasmModule module, CompileCache cache, String sha) {
        if (cache == null) {
            return null;
        }
        java.util.Optional<CompileCache.Entry> hit = cache.load(sha);
        if (hit.isPresent()) {
            try {
                return define(module, hit.get());
            } catch (RuntimeException | LinkageError e) {
                // verified bytes that do not define (a Chicory runtime that differs from the compiler's version)
                LOG.warn("compiled-code cache entry {} could not be defined ({}): compiling the module again",
                        cache.describe(sha), e.toString());
            }
        }
        return null;
    }

    /** Defines the classes of a cache entry (from its verified bytes) and gives their machine factory. */
    private static Function<Instance, Machine> define(WasmModule module, CompileCache.Entry e) {
        LazyClassCollector collector = new LazyClassCollector();
        for (Map.Entry<String, byte[]> c : e.classes().entrySet()) {
            if (c.getKey().equals(e.mainClass())) {
                collector.putMainClass(c.getKey(), c.getValue());
            } else {
                collector.put(c.getKey(), c.getValue());
            }
        }
        Function<Instance, Machine> f = new MachineFactory(module, collector.machineFactory());
        if (!e.interpreted().isEmpty()) {
            LOG.debug("{} functions of a cached core module run on the interpreter: {}", e.interpreted().size(),
                    names(module, e.interpreted()));
        }
        return f;
    }

    private static void logInterpreted(WasmModule module, java.util.Set<Integer> interpreted, long at) {
        if (!interpreted.isEmpty()) {
            LOG.warn("core module at byte {}: {} functions are too large for Chicory's compiler and run on its "
                    + "interpreter: {}", at, interpreted.size(), names(module, interpreted));
        }
    }

    /** "index (name)" for each function, the name from the module's name section when it has one. */
    static String names(WasmModule module, java.util.Set<Integer> functions) {
        NameCustomSection ns = module.nameSection();
        StringBuilder sb = new StringBuilder();
        for (int f : new java.util.TreeSet<>(functions)) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            String name = ns == null ? null : ns.nameOfFunction(f);
            sb.append(f).append(name == null ? "" : " (" + name + ")");
        }
        return sb.toString();
    }

    private static DecodeException unexpected(long at, String stage, Throwable e) {
        String what = e instanceof OutOfMemoryError ? "ran out of memory"
                : e instanceof StackOverflowError ? "ran out of stack"
                : "failed with " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new DecodeException(at, "core module could not be " + (stage.equals("parser") ? "parsed" : "compiled")
                + ": Chicory's " + stage + " " + what, e);
    }

    // ------------------------------------------------------------ the name section

    /** Chicory's name section, or an empty one when {@code bytes} are not a well-formed name section. */
    static CustomSection nameSection(byte[] bytes) {
        return NameCustomSection.parse(isWellFormedNameSection(bytes) ? bytes : new byte[0]);
    }

    /**
     * Whether {@code bytes} (the name section's contents after its name) are well formed as Chicory reads them:
     * subsections in increasing id order, each within the section; module name, name maps and indirect name maps
     * filling their subsections exactly, entries in increasing index order (so Chicory's sorted inserts stay
     * linear), every name within its subsection and made of characters Chicory accepts.
     */
    static boolean isWellFormedNameSection(byte[] bytes) {
        Reader r = new Reader(bytes, 0, bytes.length);
        int lastId = -1;
        while (!r.atEnd()) {
            int id = r.u8();
            long size = r.u32();
            if (id <= lastId || id < 0 || size < 0 || size > r.remaining()) {
                return false;
            }
            lastId = id;
            Reader sub = new Reader(bytes, r.pos, r.pos + (int) size);
            r.pos += (int) size;
            boolean ok;
            switch (id) {
                case 0:
                    ok = sub.name();
                    break;
                case 2:
                case 3:
                    ok = indirectNameMap(sub);
                    break;
                case 1:
                case 5:
                case 6:
                case 7:
                case 8:
                case 9:
                case 11:
                    ok = nameMap(sub);
                    break;
                default:
                    ok = true; // Chicory skips other subsections
                    sub.pos = sub.limit;
                    break;
            }
            if (!ok || !sub.atEnd()) {
                return false;
            }
        }
        return r.ok;
    }

    /** A name map: entries of an index (strictly increasing) and a name. */
    private static boolean nameMap(Reader r) {
        return indexMap(r, Reader::name);
    }

    /** An indirect name map: entries of an index (strictly increasing) and a name map. */
    private static boolean indirectNameMap(Reader r) {
        return indexMap(r, CoreModuleLoader::nameMap);
    }

    /** A vector of entries keyed by strictly increasing u32 indices, each followed by what {@code entry} reads. */
    private static boolean indexMap(Reader r, java.util.function.Predicate<Reader> entry) {
        long n = r.u32();
        if (n < 0 || n * 2 > r.remaining()) {
            return false;
        }
        long last = -1;
        for (long i = 0; i < n; i++) {
            long idx = r.u32();
            if (idx <= last || idx > Integer.MAX_VALUE || !entry.test(r)) {
                return false;
            }
            last = idx;
        }
        return r.ok;
    }

    /** A cursor that turns every overrun into {@code ok = false} and values of -1. */
    private static final class Reader {
        private final byte[] buf;
        private final int limit;
        private int pos;
        private boolean ok = true;

        Reader(byte[] buf, int pos, int limit) {
            this.buf = buf;
            this.pos = pos;
            this.limit = limit;
        }

        boolean atEnd() {
            return pos >= limit;
        }

        int remaining() {
            return limit - pos;
        }

        int u8() {
            if (pos >= limit) {
                ok = false;
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        /** Unsigned LEB128 below 2^32, or -1. */
        long u32() {
            long v = 0;
            for (int i = 0; i < 5; i++) {
                int b = u8();
                if (b < 0 || (i == 4 && (b & 0xf0) != 0)) {
                    ok = false;
                    return -1;
                }
                v |= (long) (b & 0x7f) << (7 * i);
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            ok = false;
            return -1;
        }

        /** A name: within the limit, UTF-8, and of characters Chicory's name check accepts. */
        boolean name() {
            long len = u32();
            if (len < 0 || len > remaining()) {
                ok = false;
                return false;
            }
            int from = pos;
            pos += (int) len;
            String s;
            try {
                s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(buf, from, (int) len)).toString();
            } catch (CharacterCodingException e) {
                ok = false;
                return false;
            }
            // Chicory's readName(buffer, true): every char below 0x80 or a Unicode identifier part
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0x80 && !Character.isUnicodeIdentifierPart(c)) {
                    ok = false;
                    return false;
                }
            }
            return true;
        }
    }
}
