package org.wasmcloud4j.wit;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

/**
 * Whether a {@code borrow<...>} handle occurs in values of a type (a function result may not hold one), for the types
 * of one resolution. Types share their parts (a record naming another twice holds it once), so the search visits
 * each part once, with an explicit stack, and remembers the parts found free of borrows: linear in the size of the
 * type graph however deep or shared it is, where a walk of the type as a tree would be exponential.
 */
final class BorrowCheck {
    private final Set<ValType> free = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<ValType> borrowing = Collections.newSetFromMap(new IdentityHashMap<>());

    /** {@code t} without its names, without recursion. */
    static ValType unwrap(ValType t) {
        while (t instanceof NamedType n) {
            t = n.definition();
        }
        return t;
    }

    /** Whether a borrow handle occurs anywhere in values of {@code root}, looking through names. */
    boolean anyIn(ValType root) {
        if (borrowing.contains(root)) {
            return true;
        }
        Set<ValType> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<ValType> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            ValType t = todo.pop();
            if (free.contains(t) || !seen.add(t)) {
                continue;
            }
            if (borrowing.contains(t) || (t instanceof HandleType h && h.borrow())) {
                borrowing.add(root);
                return true;
            }
            push(t, todo);
        }
        // the search ended without a borrow: nothing it saw holds one
        free.addAll(seen);
        return false;
    }

    private static void push(ValType t, Deque<ValType> todo) {
        if (t instanceof NamedType n) {
            todo.push(n.definition());
        } else if (t instanceof ListType l) {
            todo.push(l.element());
        } else if (t instanceof OptionType o) {
            todo.push(o.some());
        } else if (t instanceof ResultType r) {
            r.ok().ifPresent(todo::push);
            r.err().ifPresent(todo::push);
        } else if (t instanceof TupleType tt) {
            tt.elements().forEach(todo::push);
        } else if (t instanceof RecordType r) {
            r.fields().forEach(f -> todo.push(f.type()));
        } else if (t instanceof VariantType v) {
            v.cases().forEach(c -> c.type().ifPresent(todo::push));
        } else if (t instanceof StreamType s) {
            s.element().ifPresent(todo::push);
        } else if (t instanceof FutureType f) {
            f.element().ifPresent(todo::push);
        }
    }
}
