package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code component.scale.{host_id}}: run {@code count} instances of a component (0 stops it). The
 * host answers at once and scales in the background; the outcome is the {@code component_scaled} or
 * {@code component_scale_failed} event.
 *
 * @param componentRef the image to run (null: {@code ""})
 * @param componentId the component id (required, a NATS token)
 * @param annotations annotations to put on it (null: empty)
 * @param count the {@code max_instances} wanted; on the wire this field is called {@code count}
 * @param componentLimits resource limits ({@code max_memory_limit}, {@code max_execution_time}), or null (left out)
 * @param hostId the host (null or empty: the one of the subject; else a NATS token)
 * @param config named-config names, merged left to right (each a NATS token; null: empty)
 * @param allowUpdate whether a different {@code component_ref} for a running id updates it (default false)
 */
public record ScaleComponentCommand(
        String componentRef,
        String componentId,
        Map<String, String> annotations,
        int count,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> componentLimits,
        String hostId,
        List<String> config,
        boolean allowUpdate) {
    /** Checks ids and config names, fills defaults. */
    public ScaleComponentCommand {
        componentRef = Checks.orEmpty(componentRef);
        componentId = Checks.token("component_id", componentId);
        annotations = Checks.stringMap("annotations", annotations);
        count = Checks.unsigned("count", count);
        componentLimits = Checks.nullableStringMap("component_limits", componentLimits);
        hostId = Checks.optionalToken("host_id", hostId);
        config = Checks.tokens("config", config);
    }

    /** A command to scale {@code componentId} from {@code componentRef} to {@code count}; no config or limits. */
    public static ScaleComponentCommand of(String componentRef, String componentId, int count) {
        return new ScaleComponentCommand(componentRef, componentId, Map.of(), count, null, "", List.of(), false);
    }

    /** This command with {@code hostId}. */
    public ScaleComponentCommand withHostId(String hostId) {
        return new ScaleComponentCommand(componentRef, componentId, annotations, count, componentLimits, hostId,
                config, allowUpdate);
    }

    /** This command with these named-config names. */
    public ScaleComponentCommand withConfig(List<String> config) {
        return new ScaleComponentCommand(componentRef, componentId, annotations, count, componentLimits, hostId,
                config, allowUpdate);
    }

    /** This command with these annotations. */
    public ScaleComponentCommand withAnnotations(Map<String, String> annotations) {
        return new ScaleComponentCommand(componentRef, componentId, annotations, count, componentLimits, hostId,
                config, allowUpdate);
    }

    /** This command with these limits (null: none). */
    public ScaleComponentCommand withComponentLimits(Map<String, String> componentLimits) {
        return new ScaleComponentCommand(componentRef, componentId, annotations, count, componentLimits, hostId,
                config, allowUpdate);
    }

    /** This command with {@code allow_update}. */
    public ScaleComponentCommand withAllowUpdate(boolean allowUpdate) {
        return new ScaleComponentCommand(componentRef, componentId, annotations, count, componentLimits, hostId,
                config, allowUpdate);
    }
}
