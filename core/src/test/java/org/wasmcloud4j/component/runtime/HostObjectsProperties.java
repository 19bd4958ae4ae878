package org.wasmcloud4j.component.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@link HostObjects} behaves as a map from fresh reps to objects, through growth and churn. */
class HostObjectsProperties {
    @Property
    void agreesWithAMap(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 9) Integer> ops) {
        HostObjects<String> objects = new HostObjects<>();
        Map<Integer, String> model = new HashMap<>();
        int lastRep = 0;
        for (int i = 0; i < ops.size(); i++) {
            int op = ops.get(i);
            if (op < 6 || model.isEmpty()) {
                int rep = objects.add("o" + i);
                assertTrue(rep > lastRep, "reps increase");
                lastRep = rep;
                model.put(rep, "o" + i);
            } else {
                int rep = model.keySet().iterator().next();
                assertEquals(model.remove(rep), objects.remove(rep));
                assertNull(objects.remove(rep), "removed twice");
            }
            assertEquals(model.size(), objects.size());
        }
        for (int rep = -2; rep <= lastRep + 2; rep++) {
            assertEquals(model.get(rep), objects.get(rep), "rep " + rep);
        }
    }

    @Test
    void churnKeepsTheTableSmall() {
        HostObjects<Object> objects = new HostObjects<>();
        for (int i = 0; i < 1_000_000; i++) {
            int rep = objects.add(i);
            assertEquals(i, objects.remove(rep));
        }
        assertEquals(0, objects.size());
        assertNull(objects.get(1));
    }
}
