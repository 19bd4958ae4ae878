package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.compiler.internal.ClassCollector;
import com.dylibso.chicory.compiler.internal.ClassLoadingCollector;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The classes Chicory's compiler made for one core module, defined in the JVM only when code first needs them.
 *
 * <p>Chicory's own {@link ClassLoadingCollector} defines and initializes every class as it is put, so the JVM
 * verifies all of a module's bytecode at load (21 MB for the SpiderMonkey greeter). Here a class is defined when the
 * JVM first resolves its name: the function groups a component never calls are never verified. The compiler is asked
 * for small function groups ({@link #FUNCTIONS_PER_CLASS}) so that what is defined is close to what runs. The bytes of a
 * class are let go once it is defined; {@link #classBytes()} (what a compiled-code cache entry stores) is a snapshot
 * taken when asked, so callers wanting it take it before the module runs.
 */
final class LazyClassCollector implements ClassCollector {
    /** Functions per generated class: small enough that unused groups stay undefined, large enough to stay few. */
    static final int FUNCTIONS_PER_CLASS = 256;
    /** For {@link #resolve}: Chicory's collector gives the bytes of its runtime classes it copies into a module. */
    private static final ClassLoadingCollector SHADER = new ClassLoadingCollector();

    private final LinkedHashMap<String, byte[]> classes = new LinkedHashMap<>();
    private String mainClass;
    private volatile Function<Instance, Machine> factory;
    /** One loader for the module: a class is defined once, whoever asks first. */
    private final Loader loader = new Loader(this);

    @Override
    public String mainClassName() {
        return mainClass;
    }

    @Override
    public synchronized void putMainClass(String name, byte[] bytes) {
        mainClass = binaryName(name);
        classes.put(mainClass, bytes);
    }

    @Override
    public synchronized void put(String name, byte[] bytes) {
        classes.put(binaryName(name), bytes);
    }

    @Override
    public synchronized void putAll(ClassCollector other) {
        other.classBytes().forEach(this::put);
    }

    /** The compiler names some classes in internal form ({@code a/b/C}); the JVM asks for {@code a.b.C}. */
    private static String binaryName(String name) {
        return name.replace('/', '.');
    }

    @Override
    public synchronized Map<String, byte[]> classBytes() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    }

    @Override
    public byte[] resolve(Class<?> clazz) {
        return SHADER.resolve(clazz);
    }

    /**
     * A factory of machines for instances of the module: the main class is defined now, the others when needed. The
     * collector's lock is not held while classes load (the loader takes it to hand out bytes).
     */
    Function<Instance, Machine> machineFactory() {
        Function<Instance, Machine> f = factory;
        if (f != null) {
            return f;
        }
        String main;
        synchronized (this) {
            main = mainClass;
        }
        try {
            Class<? extends Machine> c = loader.loadClass(main).asSubclass(Machine.class);
            MethodHandle ctor = MethodHandles.publicLookup().findConstructor(c,
                    MethodType.methodType(void.class, Instance.class));
            @SuppressWarnings("unchecked")
            Function<Instance, Machine> made = MethodHandleProxies.asInterfaceInstance(Function.class, ctor);
            synchronized (this) {
                if (factory == null) {
                    factory = made;
                }
                return factory;
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("compiled module class " + main + " cannot be loaded: " + e, e);
        }
    }

    /** How many of the module's classes are not defined yet (for tests). */
    synchronized int undefined() {
        return classes.size();
    }

    /** The bytes of class {@code name}, forgotten from here on (a class is defined once); null when unknown. */
    private synchronized byte[] take(String name) {
        return classes.remove(name);
    }

    /** Defines the module's classes from the collector when the JVM resolves their names. */
    private static final class Loader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final LazyClassCollector classes;

        Loader(LazyClassCollector classes) {
            super(ClassLoadingCollector.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.take(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }
}
