package org.wasmcloud4j.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named configurations from Java properties files, one file per name, read as UTF-8
 * ({@link Properties#load(Reader)} syntax; malformed UTF-8 or a bad {@code \}{@code u} escape is an error
 * naming the file).
 *
 * <p>Changes: files are read when the provider is built (a missing file is an error then) and again on each
 * {@link #reload()}; there is no file watcher. A reload notifies the listeners of every name whose map
 * changed, and treats a file that has disappeared as a deleted configuration. Call {@code reload()} from your
 * own trigger (a timer, a {@code WatchService}, an admin endpoint).
 */
public final class PropertiesFileConfigProvider implements ConfigProvider {
    private final Map<String, Path> files;
    private final ConcurrentHashMap<String, Map<String, String>> configs = new ConcurrentHashMap<>();
    private final Listeners listeners = new Listeners();

    private PropertiesFileConfigProvider(Map<String, Path> files) {
        this.files = Map.copyOf(files);
        files.forEach((name, file) -> {
            Map<String, String> config = read(name, file);
            if (config == null) {
                throw new ConfigException(name, "configuration '" + name + "': file " + file + " does not exist",
                        null);
            }
            configs.put(name, config);
        });
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<Map<String, String>> get(String name) {
        return Optional.ofNullable(configs.get(Objects.requireNonNull(name, "name")));
    }

    /**
     * Reads every file again and notifies the listeners of the names that changed.
     *
     * @throws ConfigException for the first file that cannot be read (its configuration keeps its old value;
     *     files after it are not read)
     */
    public synchronized void reload() {
        for (Map.Entry<String, Path> e : files.entrySet()) {
            String name = e.getKey();
            Map<String, String> now = read(name, e.getValue());
            Map<String, String> before = now == null ? configs.remove(name) : configs.put(name, now);
            if (!Objects.equals(before, now)) {
                listeners.fire(name, now);
            }
        }
    }

    private static Map<String, String> read(String name, Path file) {
        Properties p = new Properties();
        try (Reader in = new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT))) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return null;
        } catch (CharacterCodingException e) {
            throw new ConfigException(name, "configuration '" + name + "': file " + file + " is not valid UTF-8", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(name, "configuration '" + name + "': cannot read " + file + ": "
                    + e.getMessage(), e);
        }
        Map<String, String> out = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            out.put(key, p.getProperty(key));
        }
        return Map.copyOf(out);
    }

    @Override
    public Subscription subscribe(String name, ConfigListener listener) {
        return listeners.add(Objects.requireNonNull(name, "name"), listener);
    }

    @Override
    public Subscription subscribeAll(ConfigListener listener) {
        return listeners.add(null, listener);
    }

    /** Builds a {@link PropertiesFileConfigProvider}. */
    public static final class Builder {
        private final Map<String, Path> files = new LinkedHashMap<>();

        private Builder() {}

        /** The configuration {@code name} is the content of {@code file}. */
        public Builder file(String name, Path file) {
            Objects.requireNonNull(file, "file");
            if (files.put(Objects.requireNonNull(name, "name"), file) != null) {
                throw new IllegalArgumentException("configuration '" + name + "' is already mapped");
            }
            return this;
        }

        /**
         * The provider, with every file read.
         *
         * @throws ConfigException if a file is missing or cannot be read
         */
        public PropertiesFileConfigProvider build() {
            return new PropertiesFileConfigProvider(files);
        }
    }
}
