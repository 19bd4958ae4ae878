package org.wasmcloud4j.component.abi;

import org.wasmcloud4j.component.runtime.Trap;

/**
 * The canonical ABI's per-call bookkeeping for borrows: handles lent for the duration of a call (released when it
 * ends) and borrow handles created in the callee (which must all be dropped before it returns).
 */
public final class CallScope {
    private static final HandleTable.Handle[] NONE = {};
    /** The lent handles, {@code lent} of them; allocated on the first lend (most calls lend few or none). */
    private HandleTable.Handle[] lenders = NONE;
    private int lent;
    private int borrowCount;

    void lend(HandleTable.Handle h) {
        if (lent == lenders.length) {
            lenders = java.util.Arrays.copyOf(lenders, Math.max(4, lent * 2));
        }
        h.lends++;
        lenders[lent++] = h;
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
        for (int i = 0; i < lent; i++) {
            lenders[i].lends--;
            lenders[i] = null;
        }
        lent = 0;
        if (borrowCount != 0) {
            throw new Trap(borrowCount + " borrowed handle(s) were not dropped before the call returned");
        }
    }
}
