package org.wasmcloud4j.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.wasmcloud4j.component.binary.DecodeException;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.PrecompiledModule;

/**
 * Compiles the core modules of WebAssembly components known at build time into the project's classes, so that the
 * application's jar ships them: engines in {@code COMPILED} or {@code TIERED} mode then take a module's classes from
 * the class path ({@code META-INF/wasmcloud4j/compiled/}) instead of compiling it at start, with no configuration.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>org.wasmcloud4j</groupId>
 *   <artifactId>wasmcloud4j-maven-plugin</artifactId>
 *   <version>...</version>
 *   <executions>
 *     <execution>
 *       <goals><goal>precompile</goal></goals>
 *       <configuration>
 *         <componentDirectory>src/main/resources/components</componentDirectory>
 *       </configuration>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 *
 * <p>Components are given as files ({@code components}), a directory ({@code componentDirectory}) with
 * {@code includes} and {@code excludes}, or both. Incremental: a module whose entry is already in the output directory
 * (and verifies) is not compiled again. Entries an execution wrote before and no longer produces (a component removed
 * or changed) are deleted: each execution lists what it wrote in {@code manifestDirectory}, so entries other
 * executions or other tools put in the same directory are left alone. A file that cannot be read or is not a valid component fails the build, naming
 * the file. Entries are valid for the Chicory version this plugin runs with: the application must use the same
 * wasmcloud4j version (and so Chicory version) as the plugin, else its engines simply do not find them and compile.
 */
@Mojo(name = "precompile", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public final class PrecompileMojo extends AbstractMojo {
    /** Where entries go, relative to the class path's root: engines look for them there. */
    static final String RESOURCE_FOLDER = "META-INF/wasmcloud4j/compiled";

    /** Component files to compile. */
    @Parameter
    List<File> components;

    /** A directory whose files matching {@link #includes} (and not {@link #excludes}) are components to compile. */
    @Parameter
    File componentDirectory;

    /**
     * Glob patterns of the files of {@link #componentDirectory} to compile, relative to it, {@code /}-separated; a
     * leading {@code **}{@code /} also matches files at the top. Default {@code **}{@code /*.wasm}.
     */
    @Parameter
    List<String> includes;

    /** Glob patterns (as {@link #includes}) of files of {@link #componentDirectory} not to compile. */
    @Parameter
    List<String> excludes;

    /** Where the compiled classes are written; under the project's classes so that they are packaged. */
    @Parameter(defaultValue = "${project.build.outputDirectory}/" + RESOURCE_FOLDER, required = true)
    File outputDirectory;

    /**
     * Where each execution lists the entries it wrote ({@code <execution id>.entries}), to delete those it no longer
     * produces at its next run; outside the classes, so that the list is not packaged.
     */
    @Parameter(defaultValue = "${project.build.directory}/wasmcloud4j-precompile", required = true)
    File manifestDirectory;

    /** The execution's id (Maven's), naming its list in {@link #manifestDirectory}. */
    @Parameter(defaultValue = "${mojoExecution.executionId}", readonly = true)
    String executionId;

    /** Skips the goal. */
    @Parameter(property = "wasmcloud4j.precompile.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("wasmcloud4j precompile skipped");
            return;
        }
        List<Path> files = componentFiles();
        if (files.isEmpty()) {
            getLog().warn("wasmcloud4j precompile: no component files in " + componentDirectory + " match " + patterns());
            return;
        }
        Path out = outputDirectory.toPath();
        try {
            Files.createDirectories(out.getParent());
        } catch (IOException e) {
            throw new MojoExecutionException("wasmcloud4j precompile: cannot create " + out.getParent() + ": " + e, e);
        }
        // only the directory: the build's own class path is not a source of compiled code here, and the output
        // directory holds everything written for the jar, so nothing is evicted from it
        try (Engine engine = Engine.builder().mode(Engine.Mode.COMPILED).compileCache(out)
                .compileCacheMaxBytes(Long.MAX_VALUE).noPrecompiledClasses().build()) {
            if (engine.compileCacheDirectory().isEmpty()) {
                throw new MojoExecutionException("wasmcloud4j precompile: the Chicory compiler's version cannot be told "
                        + "(see the warning above), so no compiled code can be written");
            }
            int compiled = 0;
            int upToDate = 0;
            java.util.Set<String> produced = new java.util.HashSet<>();
            for (Path file : files) {
                List<PrecompiledModule> modules = precompile(engine, file);
                modules.forEach(m -> produced.add(m.sha256()));
                int stored = 0;
                int hits = 0;
                for (PrecompiledModule m : modules) {
                    switch (m.outcome()) {
                        case HIT -> hits++;
                        case STORED -> stored++;
                        case NOT_STORED -> throw new MojoFailureException("wasmcloud4j precompile: " + file
                                + ": the compiled code of core module " + m.sha256().substring(0, 12)
                                + " could not be written to " + out + " (the warning above says why)");
                    }
                }
                getLog().info(file + ": " + modules.size() + " core modules, " + stored + " compiled, " + hits
                        + " up to date");
                compiled += stored;
                upToDate += hits;
            }
            int pruned = prune(out, produced);
            getLog().info("wasmcloud4j precompile: " + files.size() + " components, " + compiled + " core modules "
                    + "compiled, " + upToDate + " up to date" + (pruned > 0 ? ", " + pruned + " stale entries deleted"
                    : "") + ", in " + out);
        }
    }

    /**
     * Deletes the entries this execution's list names that it did not produce now, then lists what it produced.
     * Entries are found by their file names, which start with the module's SHA-256 ({@code <sha>-chicory-…}).
     *
     * @return how many entries were deleted
     */
    private int prune(Path out, java.util.Set<String> produced) throws MojoExecutionException {
        Path manifest = manifestDirectory.toPath().resolve(
                (executionId == null || executionId.isBlank() ? "default" : executionId) + ".entries");
        List<String> now = new ArrayList<>();
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                int dash = name.indexOf('-');
                if (dash > 0 && produced.contains(name.substring(0, dash)) && name.endsWith(".classes")) {
                    now.add(name);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new MojoExecutionException("wasmcloud4j precompile: cannot list " + out + ": " + e, e);
        }
        int deleted = 0;
        try {
            if (Files.isRegularFile(manifest)) {
                for (String name : Files.readAllLines(manifest, java.nio.charset.StandardCharsets.UTF_8)) {
                    // only plain entry names: a list that was tampered with cannot reach outside the directory
                    if (!now.contains(name) && name.endsWith(".classes") && !name.contains("/")
                            && !name.contains("\\") && !name.startsWith(".")
                            && Files.deleteIfExists(out.resolve(name))) {
                        getLog().info("wasmcloud4j precompile: deleted stale entry " + name);
                        deleted++;
                    }
                }
            }
            Files.createDirectories(manifest.getParent());
            Files.write(manifest, now, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoExecutionException("wasmcloud4j precompile: cannot update " + manifest + ": " + e, e);
        }
        return deleted;
    }

    private static List<PrecompiledModule> precompile(Engine engine, Path file) throws MojoExecutionException,
            MojoFailureException {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new MojoFailureException("wasmcloud4j precompile: " + file + ": no such file");
            }
            if (Files.size(file) > Integer.MAX_VALUE - 8) {
                throw new MojoFailureException("wasmcloud4j precompile: " + file + ": " + Files.size(file)
                        + " bytes, larger than a component can be");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MojoFailureException("wasmcloud4j precompile: " + file + ": no such file", e);
        } catch (IOException e) {
            throw new MojoExecutionException("wasmcloud4j precompile: " + file + ": cannot be read: " + e, e);
        }
        try {
            return engine.precompile(bytes);
        } catch (DecodeException e) {   // and ValidationException, UnsupportedFeatureException
            throw new MojoFailureException("wasmcloud4j precompile: " + file + " is not a valid component: "
                    + e.getMessage(), e);
        }
    }

    /** The files given, then those of the directory that match, in name order; each once. */
    private List<Path> componentFiles() throws MojoFailureException, MojoExecutionException {
        boolean none = (components == null || components.isEmpty()) && componentDirectory == null;
        if (none) {
            throw new MojoFailureException("wasmcloud4j precompile: no components configured: give <components> "
                    + "(files) or <componentDirectory> (with <includes>/<excludes>)");
        }
        List<Path> out = new ArrayList<>();
        if (components != null) {
            for (File f : components) {
                add(out, f.toPath());
            }
        }
        if (componentDirectory != null) {
            Path dir = componentDirectory.toPath();
            if (!Files.isDirectory(dir)) {
                throw new MojoFailureException("wasmcloud4j precompile: componentDirectory " + dir
                        + " is not a directory");
            }
            List<PathMatcher> in = matchers(includes == null || includes.isEmpty() ? List.of("**/*.wasm") : includes);
            List<PathMatcher> ex = matchers(excludes == null ? List.of() : excludes);
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    Path rel = Path.of(dir.relativize(p).toString().replace(File.separatorChar, '/'));
                    if (matches(in, rel) && !matches(ex, rel)) {
                        add(out, p);
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new MojoExecutionException("wasmcloud4j precompile: cannot list " + dir + ": " + e, e);
            }
        }
        return out;
    }

    private static void add(List<Path> out, Path p) {
        Path n = p.toAbsolutePath().normalize();
        if (!out.contains(n)) {
            out.add(n);
        }
    }

    private String patterns() {
        return includes == null || includes.isEmpty() ? "[**/*.wasm]" : includes.toString();
    }

    /** Glob matchers; {@code **}{@code /x} also matches {@code x} at the top. */
    private static List<PathMatcher> matchers(List<String> patterns) throws MojoFailureException {
        List<PathMatcher> out = new ArrayList<>();
        for (String p : patterns) {
            if (p == null || p.isBlank()) {
                throw new MojoFailureException("wasmcloud4j precompile: an empty include or exclude pattern");
            }
            try {
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + p));
                if (p.startsWith("**/")) {
                    out.add(FileSystems.getDefault().getPathMatcher("glob:" + p.substring(3)));
                }
            } catch (IllegalArgumentException e) {   // PatternSyntaxException
                throw new MojoFailureException("wasmcloud4j precompile: include or exclude pattern '" + p
                        + "' is not a valid glob: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static boolean matches(List<PathMatcher> matchers, Path rel) {
        for (PathMatcher m : matchers) {
            if (m.matches(rel)) {
                return true;
            }
        }
        return false;
    }
}
