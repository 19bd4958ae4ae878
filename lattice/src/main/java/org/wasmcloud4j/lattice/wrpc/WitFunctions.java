package org.wasmcloud4j.lattice.wrpc;

import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.wit.WitException;
import org.wasmcloud4j.wit.WitLoader;

/**
 * Function types for {@link WrpcClient} and {@link WrpcServer} from WIT text, through core's {@link WitLoader}.
 *
 * <pre>{@code
 * FuncType echo = WitFunctions.function("""
 *         package example:echo@0.1.0;
 *         interface echo { echo: func(s: string) -> string; }
 *         """, "example:echo/echo@0.1.0", "echo");
 * }</pre>
 */
public final class WitFunctions {
    private WitFunctions() {}

    /**
     * The interface {@code ns:pkg/iface@ver} declared in {@code witText}.
     *
     * @throws WitException if the text does not parse or resolve
     * @throws IllegalArgumentException if it declares no such interface
     */
    public static InterfaceType interfaceType(String witText, String interfaceName) {
        InterfaceName name = InterfaceName.parse(interfaceName);
        return WitLoader.defaults().parse("wrpc.wit", witText).findInterface(name)
                .orElseThrow(() -> new IllegalArgumentException("no interface " + interfaceName + " in the WIT text"));
    }

    /**
     * The function {@code function} of interface {@code ns:pkg/iface@ver} declared in {@code witText}.
     *
     * @throws WitException if the text does not parse or resolve
     * @throws IllegalArgumentException if it declares no such interface or function
     */
    public static FuncType function(String witText, String interfaceName, String function) {
        return interfaceType(witText, interfaceName).function(function)
                .orElseThrow(() -> new IllegalArgumentException("no function " + function + " in " + interfaceName));
    }
}
