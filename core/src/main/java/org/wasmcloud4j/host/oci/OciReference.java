package org.wasmcloud4j.host.oci;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An OCI image reference as wasmCloud and {@code wash} write them: {@code [oci://]registry[:port]/repo/path[:tag]
 * [@sha256:hex]}. Without a registry part (a first path component with no {@code .} or {@code :} that is not
 * {@code localhost}) the registry is {@code docker.io}, and a single-component repository gets {@code library/}.
 * Without a tag or digest the tag is {@code latest}.
 *
 * @param registry {@code host[:port]}, lower case
 * @param repository the repository path, components separated by {@code /}
 * @param tag the tag, or {@code null} when only a digest is given
 * @param digest {@code sha256:<64 hex>}, or {@code null}
 */
record OciReference(String registry, String repository, String tag, String digest) {
    static final String DOCKER_HUB = "docker.io";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
    private static final Pattern HOST = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-f:.]+\\]");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    OciReference {
        checkRegistry(registry, registry);
        if (!registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
            throw new IllegalArgumentException("registry '" + registry + "' must contain '.' or ':' or be localhost");
        }
        checkRepository(repository, repository);
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag '" + tag + "' is not [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("digest '" + digest + "' is not sha256:<64 lower-case hex digits>");
        }
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("a reference needs a tag or a digest");
        }
    }

    /**
     * Parses {@code ref}.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    static OciReference parse(String ref) {
        String s = ref.startsWith("oci://") ? ref.substring("oci://".length()) : ref;
        if (s.isEmpty()) {
            throw new IllegalArgumentException("'" + ref + "' is empty");
        }
        String digest = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = s.substring(at + 1);
            s = s.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException("'" + ref + "': digest '" + digest
                        + "' is not sha256:<64 lower-case hex digits>");
            }
        }
        String tag = null;
        int colon = s.indexOf(':', s.lastIndexOf('/') + 1);
        if (colon >= 0) {
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("'" + ref + "': tag '" + tag
                        + "' is not [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
            }
        }
        String registry;
        String repository;
        int slash = s.indexOf('/');
        String first = slash < 0 ? "" : s.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            registry = first.toLowerCase(Locale.ROOT);
            repository = s.substring(slash + 1);
            checkRegistry(ref, registry);
        } else {
            registry = DOCKER_HUB;
            repository = slash < 0 ? "library/" + s : s;
        }
        checkRepository(ref, repository);
        if (registry.length() + 1 + repository.length() > 255) {
            throw new IllegalArgumentException("'" + ref + "': the name is longer than 255 characters");
        }
        return new OciReference(registry, repository, tag == null && digest == null ? "latest" : tag, digest);
    }

    private static void checkRegistry(String ref, String registry) {
        int portAt = registry.startsWith("[") ? registry.indexOf("]:") + 1 : registry.lastIndexOf(':');
        String host = portAt > 0 ? registry.substring(0, portAt) : registry;
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + ref + "': registry host '" + host + "' is not a host name or"
                    + " bracketed IPv6 address");
        }
        if (portAt > 0) {
            String port = registry.substring(portAt + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("'" + ref + "': registry port '" + port + "' is not 1-65535");
            }
        }
    }

    private static void checkRepository(String ref, String repository) {
        if (repository.isEmpty()) {
            throw new IllegalArgumentException("'" + ref + "': the repository is empty");
        }
        for (String c : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(c).matches()) {
                throw new IllegalArgumentException("'" + ref + "': repository component '" + c + "' is not lower-case"
                        + " letters and digits separated by '.', '_', '__' or '-'");
            }
        }
    }

    /** The host the registry API is served on: {@code registry-1.docker.io} for Docker Hub. */
    String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    /** The registry's host without the port (brackets kept for IPv6). */
    String hostName() {
        int portAt = registry.startsWith("[") ? registry.indexOf("]:") + 1 : registry.lastIndexOf(':');
        return portAt > 0 ? registry.substring(0, portAt) : registry;
    }

    /** What {@code /manifests/} is asked for: the digest when there is one, else the tag. */
    String manifestReference() {
        return digest != null ? digest : tag;
    }

    /** {@code registry/repository[:tag][@digest]}; {@link #parse} gives back an equal reference. */
    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
