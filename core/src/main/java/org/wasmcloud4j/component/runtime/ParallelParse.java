package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chicory's parse and validation of a large core module spread over the machine's cores. Chicory decodes and
 * validates function bodies one after another on the calling thread, and its validator is one method too large for
 * HotSpot to compile, so for the 12 MB SpiderMonkey module the two took 3.4 s of a cold start on one core
 * ({@code docs/benchmarks.md}). Function bodies decode independently of each other (a body needs only the type section
 * and the data count), and each validates against the module alone, so here the code section is cut into runs of
 * bodies that the calling thread and the common pool's threads decode and validate side by side.
 *
 * <p>The result is the module Chicory's own {@code Parser} makes of the same bytes, with the same bodies, validated
 * by the same rules: the validator's per-function checks are Chicory's own, reached by reflection (the class is
 * package-private in Chicory 1.7.5), one validator instance per thread. Nothing here decides validity: whenever a step
 * fails, or anything is not as expected, the caller is told to parse the module the plain way, which then reports
 * Chicory's own error with Chicory's own offsets. Without reflective access (Chicory on the module path), the bodies
 * are still decoded in parallel and validated by Chicory's {@code WasmModule.Builder} on one thread.
 */
final class ParallelParse {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelParse.class);

    /** Code sections smaller than this are parsed the plain way: one core does them in well under 100 ms. */
    static final int MIN_CODE_BYTES = 1 << 20;
    /** About how many bytes of bodies one task decodes or validates. */
    private static final int TASK_BYTES = 128 << 10;

    private ParallelParse() {}

    /**
     * {@code bytes} (a core module) parsed and validated with several threads, as Chicory's parser with
     * {@code customParsers} would parse it; {@code null} when the machine has one core, the code section is small,
     * or any step failed: the caller then parses the plain way (and gets Chicory's error, if the module is invalid).
     */
    static WasmModule parse(byte[] bytes, Map<String, Function<byte[], CustomSection>> customParsers) {
        return threads() < 2 ? null : parse(bytes, customParsers, MIN_CODE_BYTES, TASK_BYTES);
    }

    /**
     * As {@link #parse(byte[], Map)}, for code sections of at least {@code minCodeBytes}, in runs of about
     * {@code taskBytes} of bodies, whatever the number of cores (tests use small modules and many runs).
     */
    static WasmModule parse(byte[] bytes, Map<String, Function<byte[], CustomSection>> customParsers,
            int minCodeBytes, int taskBytes) {
        SharedBodies.Layout layout = SharedBodies.layout(bytes);
        if (layout == null) {
            return null;
        }
        int[] code = layout.section(10);
        if (code[2] - code[1] < minCodeBytes || !plainCodeSection(layout, code)) {
            return null;
        }
        try {
            List<int[]> runs = runs(layout.bodyStart(), layout.bodyEnd(), taskBytes);
            CodeSection[] parsed = new CodeSection[runs.size()];
            runAll(runs.size(), k -> {
                int[] r = runs.get(k);
                List<Integer> which = new ArrayList<>(r[1] - r[0]);
                for (int i = r[0]; i < r[1]; i++) {
                    which.add(i);
                }
                CodeSection c = SharedBodies.parseBodies(bytes, layout, which, customParsers);
                if (c == null || c.functionBodyCount() != which.size()) {
                    throw new IllegalStateException("bodies " + r[0] + ".." + r[1] + " did not decode as a run");
                }
                parsed[k] = c;
            });
            CodeSection.Builder all = CodeSection.builder();
            boolean dataCount = false;
            for (CodeSection c : parsed) {
                for (int i = 0; i < c.functionBodyCount(); i++) {
                    all.addFunctionBody(c.getFunctionBody(i));
                }
                dataCount |= c.isRequiresDataCount();
            }
            all.setRequiresDataCount(dataCount);
            WasmModule.Builder module = SharedBodies.withoutCode(bytes, layout, customParsers);
            module.setCodeSection(all.build());
            WasmModule unvalidated = module.withValidation(false).build();
            if (!Validation.AVAILABLE) {
                return module.withValidation(true).build();
            }
            Validation.validate(unvalidated);
            return unvalidated;
        } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
            LOG.debug("parallel parse of a core module failed ({}); parsing it the plain way", e.toString());
            return null;
        }
    }

    /**
     * The module {@code module} describes, validated: in parallel when possible; when that finds a fault, or is not
     * possible, by Chicory's {@code WasmModule.Builder} on this thread, which throws Chicory's own error.
     */
    static WasmModule validated(WasmModule.Builder module) {
        if (Validation.AVAILABLE && threads() >= 2) {
            WasmModule m = module.withValidation(false).build();
            if (m.codeSection().functionBodyCount() > 0) {
                try {
                    Validation.validate(m);
                    return m;
                } catch (RuntimeException | AssertionError | StackOverflowError e) {
                    // fall through: the plain validation reports the fault as Chicory words it
                }
            }
        }
        return module.withValidation(true).build();
    }

    /**
     * Whether the code section is the module's only one and its bodies fill it to its end: what the re-assembly
     * relies on. Anything else (a second code section, bytes after the last body) is left to Chicory's parser, which
     * rejects or reads it as it does.
     */
    private static boolean plainCodeSection(SharedBodies.Layout layout, int[] code) {
        int codeSections = 0;
        for (int[] s : layout.sections()) {
            if (s[0] == 10) {
                codeSections++;
            }
        }
        int n = layout.bodyEnd().length;
        return codeSections == 1 && n > 0 && layout.bodyEnd()[n - 1] == code[2];
    }

    /** Threads to use: the caller and the common pool's. */
    private static int threads() {
        return Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism() + 1);
    }

    /** Consecutive bodies {@code [from, to)} of about {@code taskBytes} each. */
    private static List<int[]> runs(int[] start, int[] end, int taskBytes) {
        List<int[]> runs = new ArrayList<>();
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < start.length; i++) {
            bytes += end[i] - start[i];
            if (bytes >= taskBytes || i == start.length - 1) {
                runs.add(new int[] {from, i + 1});
                from = i + 1;
                bytes = 0;
            }
        }
        return runs;
    }

    /**
     * Runs tasks {@code 0..tasks-1}, each once, on this thread and on as many of the common pool's threads as join in
     * (tasks are claimed one by one, so a pool too busy to help only means this thread does more of them); returns
     * when all have run, rethrowing the first failure. Tasks claimed after a failure are skipped.
     */
    static void runAll(int tasks, IntConsumer task) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Object done = new Object();
        Runnable worker = () -> {
            for (int k; (k = next.getAndIncrement()) < tasks; ) {
                try {
                    if (failed.get() == null) {
                        task.accept(k);
                    }
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                } finally {
                    if (finished.incrementAndGet() == tasks) {
                        synchronized (done) {
                            done.notifyAll();
                        }
                    }
                }
            }
        };
        int helpers = Math.min(threads(), tasks) - 1;
        for (int i = 0; i < helpers; i++) {
            ForkJoinPool.commonPool().execute(worker);
        }
        worker.run();
        boolean interrupted = false;
        synchronized (done) {
            while (finished.get() < tasks) {
                try {
                    done.wait();
                } catch (InterruptedException e) {
                    interrupted = true;   // the helpers' tasks are running on our data: wait for them
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failed.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /** Chicory's validator, reached by reflection. */
    static final class Validation {
        private static final Constructor<?> NEW;
        private static final Method FUNCTION;
        private static final Method FUNCTION_TYPE;
        private static final Method TYPE;
        private static final Method[] MODULE_CHECKS;
        /** Whether Chicory's validator could be reached (false on the module path, or in another Chicory). */
        static final boolean AVAILABLE;

        static {
            Constructor<?> ctor = null;
            Method function = null;
            Method functionType = null;
            Method type = null;
            Method[] checks = null;
            try {
                Class<?> v = Class.forName("com.dylibso.chicory.wasm.Validator", false, WasmModule.class.getClassLoader());
                ctor = v.getDeclaredConstructor(WasmModule.class);
                function = v.getDeclaredMethod("validateFunction", int.class, FunctionBody.class, FunctionType.class);
                functionType = v.getDeclaredMethod("getFunctionType", int.class);
                type = v.getDeclaredMethod("getType", int.class);
                // what WasmModule.Builder.build() runs besides validateModule (which build() always runs) and the
                // per-function checks, in its order
                String[] names = {"validateTypes", "validateGlobals", "validateElements", "validateData",
                    "validateTags", "validateTables"};
                checks = new Method[names.length];
                for (int i = 0; i < names.length; i++) {
                    checks[i] = v.getDeclaredMethod(names[i]);
                    checks[i].setAccessible(true);
                }
                ctor.setAccessible(true);
                function.setAccessible(true);
                functionType.setAccessible(true);
                type.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LoggerFactory.getLogger(ParallelParse.class).debug("Chicory's validator is not reachable ({}): "
                        + "large modules are validated on one thread", e.toString());
                ctor = null;
            }
            NEW = ctor;
            FUNCTION = function;
            FUNCTION_TYPE = functionType;
            TYPE = type;
            MODULE_CHECKS = checks;
            AVAILABLE = ctor != null;
        }

        private Validation() {}

        /**
         * Runs on {@code m} (built unvalidated) every check Chicory's {@code WasmModule.Builder} runs when validating,
         * the per-function ones on several threads; throws what a check throws.
         */
        static void validate(WasmModule m) {
            Object first = newValidator(m);
            for (Method check : MODULE_CHECKS) {
                call(check, first);
            }
            int imports = (int) m.importSection().stream().filter(i -> i instanceof FunctionImport).count();
            CodeSection code = m.codeSection();
            int n = code.functionBodyCount();
            int per = Math.max(1, n / 64);
            int tasks = (n + per - 1) / per;
            runAll(tasks, k -> {
                Object v = newValidator(m);   // its stacks are its own; one per task, none kept past the call
                for (int i = k * per, end = Math.min(n, i + per); i < end; i++) {
                    int index = imports + i;
                    FunctionType t = (FunctionType) call(TYPE, v, (Integer) call(FUNCTION_TYPE, v, index));
                    call(FUNCTION, v, index, code.getFunctionBody(i), t);
                }
            });
        }

        private static Object newValidator(WasmModule m) {
            try {
                return NEW.newInstance(m);
            } catch (InvocationTargetException e) {
                throw unwrap(e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Object call(Method method, Object target, Object... args) {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw unwrap(e);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        private static RuntimeException unwrap(InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                return r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            return new IllegalStateException(c);
        }
    }
}
