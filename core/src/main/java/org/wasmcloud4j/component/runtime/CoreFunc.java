package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.List;
import org.wasmcloud4j.component.abi.CoreSignature;
import org.wasmcloud4j.component.abi.CoreValType;

/** A core function: an export of a Chicory instance, or a function the component model synthesizes (lowered). */
final class CoreFunc {
    private final FunctionType type;
    private final Instance owner;
    private final String exportName;
    private final ExportFunction export;
    private final WasmFunctionHandle handle;

    private CoreFunc(FunctionType type, Instance owner, String exportName, WasmFunctionHandle handle) {
        this.type = type;
        this.owner = owner;
        this.exportName = exportName;
        this.export = owner == null ? null : owner.export(exportName);
        this.handle = handle;
    }

    static CoreFunc export(Instance owner, String name) {
        return new CoreFunc(owner.exportType(name), owner, name, null);
    }

    static CoreFunc synthetic(FunctionType type, WasmFunctionHandle handle) {
        return new CoreFunc(type, null, null, handle);
    }

    FunctionType type() {
        return type;
    }

    long[] call(long... args) {
        return export != null ? export.apply(args) : handle.apply(null, args);
    }

    ExportFunction asExportFunction() {
        return export != null ? export : args -> handle.apply(null, args);
    }

    ImportFunction asImport(String module, String name) {
        if (owner != null) {
            return ImportFunction.exportAsImport(module, name, owner, exportName);
        }
        return new ImportFunction(module, name, type, handle);
    }

    static FunctionType chicoryType(CoreSignature sig) {
        return chicoryType(sig.params(), sig.results());
    }

    static FunctionType chicoryType(List<CoreValType> params, List<CoreValType> results) {
        return FunctionType.of(params.stream().map(CoreFunc::chicory).toList(),
                results.stream().map(CoreFunc::chicory).toList());
    }

    private static com.dylibso.chicory.wasm.types.ValType chicory(CoreValType t) {
        switch (t) {
            case I32: return com.dylibso.chicory.wasm.types.ValType.I32;
            case I64: return com.dylibso.chicory.wasm.types.ValType.I64;
            case F32: return com.dylibso.chicory.wasm.types.ValType.F32;
            default: return com.dylibso.chicory.wasm.types.ValType.F64;
        }
    }
}
