package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A component running on a host, as listed in {@link HostInventory}.
 *
 * @param id the component id
 * @param imageRef the image it runs
 * @param name its name from its claims, or null (left out of the JSON)
 * @param annotations its annotations (null: empty; always sent, as wasmCloud 1.9 does)
 * @param revision the claims' {@code rev}, 0 when unsigned
 * @param maxInstances its {@code max_instances}
 * @param limits its resource limits ({@code max_memory_limit}, {@code max_execution_time}), or null when unset;
 *     always sent, as {@code null} when unset
 */
public record ComponentDescription(
        String id,
        String imageRef,
        @JsonInclude(JsonInclude.Include.NON_NULL) String name,
        Map<String, String> annotations,
        int revision,
        int maxInstances,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> limits) {
    /** Nulls become {@code ""} / empty (except {@code name} and {@code limits}); {@code max_instances} ≥ 0. */
    public ComponentDescription {
        id = Checks.orEmpty(id);
        imageRef = Checks.orEmpty(imageRef);
        annotations = Checks.stringMap("annotations", annotations);
        maxInstances = Checks.unsigned("max_instances", maxInstances);
        limits = Checks.nullableStringMap("limits", limits);
    }
}
