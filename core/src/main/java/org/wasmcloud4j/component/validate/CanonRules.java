package org.wasmcloud4j.component.validate;

import org.wasmcloud4j.component.abi.CanonicalLayout;
import org.wasmcloud4j.component.abi.CoreSignature;
import org.wasmcloud4j.component.binary.Canon;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.ValType;

/**
 * Which canonical options a lift or lower must carry: {@code memory} whenever a value travels through linear
 * memory, {@code realloc} whenever the callee side must allocate, and {@code post-return} only on lifts.
 */
final class CanonRules {
    private CanonRules() {}

    static void checkLift(FuncType f, Canon.Options o, long offset) {
        CoreSignature sig = CanonicalLayout.signature(f, CanonicalLayout.Direction.LIFT);
        boolean paramsAllocate = sig.paramsInMemory() || f.params().stream().anyMatch(p -> usesMemory(p.type()));
        boolean resultsUseMemory = sig.resultsInMemory() || f.result().map(CanonRules::usesMemory).orElse(false);
        if ((paramsAllocate || resultsUseMemory) && o.memory().isEmpty()) {
            throw new ValidationException(offset, "canonical option 'memory' is required to lift " + f);
        }
        if (paramsAllocate && o.realloc().isEmpty()) {
            throw new ValidationException(offset, "canonical option 'realloc' is required to lift " + f);
        }
    }

    static void checkLower(FuncType f, Canon.Options o, long offset) {
        if (o.postReturn().isPresent()) {
            throw new ValidationException(offset, "canonical option 'post-return' cannot be given to canon lower");
        }
        if (f == null) {
            return;
        }
        CoreSignature sig = CanonicalLayout.signature(f, CanonicalLayout.Direction.LOWER);
        boolean resultsAllocate = f.result().map(CanonRules::usesMemory).orElse(false);
        boolean needsMemory = resultsAllocate || sig.paramsInMemory() || sig.resultsInMemory()
                || f.params().stream().anyMatch(p -> usesMemory(p.type()));
        if (needsMemory && o.memory().isEmpty()) {
            throw new ValidationException(offset, "canonical option 'memory' is required to lower " + f);
        }
        if (resultsAllocate && o.realloc().isEmpty()) {
            throw new ValidationException(offset, "canonical option 'realloc' is required to lower " + f);
        }
    }

    /** Whether values of {@code t} contain strings or lists, which live in linear memory. */
    static boolean usesMemory(ValType t) {
        return t.anyWithin(u -> u == PrimitiveType.STRING || u instanceof ListType);
    }
}
