package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A provider running on a host, as listed in {@link HostInventory}.
 *
 * @param id the provider id
 * @param imageRef the image it runs, or null
 * @param name its name from its claims, or null
 * @param revision the claims' revision, 0 when unsigned
 * @param annotations its annotations (null: empty)
 */
public record ProviderDescription(
        String id,
        @JsonInclude(JsonInclude.Include.NON_NULL) String imageRef,
        @JsonInclude(JsonInclude.Include.NON_NULL) String name,
        int revision,
        Map<String, String> annotations) {
    /** Null id becomes {@code ""}, null annotations empty. */
    public ProviderDescription {
        id = Checks.orEmpty(id);
        annotations = Checks.stringMap("annotations", annotations);
    }
}
