package org.wasmcloud4j.bench;

import java.util.Arrays;

/** Finds the core module inside a single-module component, for baselines that bypass the component runtime. */
final class CoreModules {
    private CoreModules() {}

    static byte[] only(byte[] component) {
        int pos = 8;
        while (pos < component.length) {
            int id = component[pos++] & 0xff;
            int size = 0;
            int shift = 0;
            int b;
            do {
                b = component[pos++] & 0xff;
                size |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if (id == 1) {
                return Arrays.copyOfRange(component, pos, pos + size);
            }
            pos += size;
        }
        throw new IllegalArgumentException("component has no core module section");
    }
}
