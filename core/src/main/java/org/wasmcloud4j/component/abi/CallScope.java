package org.wasmcloud4j.component.abi;

import java.util.ArrayList;
import java.util.List;
import org.wasmcloud4j.component.runtime.Trap;

/**
 * The canonical ABI's per-call bookkeeping for borrows: handles lent for the duration of a call (released when it
 * ends) and borrow handles created in the callee (which must all be dropped before it returns).
 */
public final class CallScope {
    private final List<HandleTable.Handle> lenders = new ArrayList<>();
    private int borrowCount;

    void lend(HandleTable.Handle h) {
        h.lends++;
        lenders.add(h);
    }

    void borrowCreated() {
        borrowCount++;
    }

    void borrowDropped() {
        borrowCount--;
    }

    /** Number of borrow handles created in this scope and not yet dropped. */
    public int outstandingBorrows() {
        return borrowCount;
    }

    /**
     * Ends the call: releases every lent handle and traps if the callee still holds borrow handles.
     *
     * @throws Trap if borrow handles remain
     */
    public void exit() {
        for (HandleTable.Handle h : lenders) {
            h.lends--;
        }
        lenders.clear();
        if (borrowCount != 0) {
            throw new Trap(borrowCount + " borrowed handle(s) were not dropped before the call returned");
        }
    }
}
