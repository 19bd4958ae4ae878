package org.wasmcloud4j.component.binary;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** A canonical definition ({@code canon}). */
public sealed interface Canon
        permits Canon.Lift, Canon.Lower, Canon.ResourceNew, Canon.ResourceDrop, Canon.ResourceRep,
        Canon.AsyncBuiltin {
    /** Byte offset of the definition. */
    long offset();

    /**
     * {@code (canon lift f opts (type ft))}: defines a component function.
     *
     * @param offset byte offset
     * @param coreFuncIndex the core function lifted
     * @param options canonical options
     * @param typeIndex type index of the component function type
     */
    record Lift(long offset, int coreFuncIndex, Options options, int typeIndex) implements Canon {
        /** Checks nulls. */
        public Lift {
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * {@code (canon lower f opts)}: defines a core function.
     *
     * @param offset byte offset
     * @param funcIndex the component function lowered
     * @param options canonical options
     */
    record Lower(long offset, int funcIndex, Options options) implements Canon {
        /** Checks nulls. */
        public Lower {
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * {@code (canon resource.new rt)}.
     *
     * @param offset byte offset
     * @param typeIndex resource type index
     */
    record ResourceNew(long offset, int typeIndex) implements Canon {
    }

    /**
     * {@code (canon resource.drop rt)}.
     *
     * @param offset byte offset
     * @param typeIndex resource type index
     */
    record ResourceDrop(long offset, int typeIndex) implements Canon {
    }

    /**
     * {@code (canon resource.rep rt)}.
     *
     * @param offset byte offset
     * @param typeIndex resource type index
     */
    record ResourceRep(long offset, int typeIndex) implements Canon {
    }

    /**
     * One of the async-era, error-context or thread built-ins ({@code task.return}, {@code stream.read},
     * {@code waitable-set.wait}, {@code context.get}, {@code thread.spawn-ref}, ...). Decoded for inspection only:
     * the runtime does not support them. Each defines one core function.
     *
     * @param offset byte offset
     * @param opcode the binary opcode
     * @param name the built-in's name as in the text format, e.g. {@code "stream.read"}
     * @param immediates the immediates in binary order, each with its meaning, e.g. {@code ("type", 3)},
     *     {@code ("async", 1)}, {@code ("memory", 0)}
     * @param result for {@code task.return}: the result type, if any
     * @param options canonical options, {@link Options#DEFAULT} when the built-in has none
     */
    record AsyncBuiltin(long offset, int opcode, String name, List<Immediate> immediates,
            Optional<ValTypeRef> result, Options options) implements Canon {
        /** Copies the list. */
        public AsyncBuiltin {
            Objects.requireNonNull(name, "name");
            immediates = List.copyOf(immediates);
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * An immediate of an {@link AsyncBuiltin}.
     *
     * @param meaning what the number is, e.g. {@code "type"}, {@code "memory"}, {@code "cancellable"}
     * @param value its value (flags are 0 or 1; core value types are their binary code)
     */
    record Immediate(String meaning, long value) {
        /** Checks nulls. */
        public Immediate {
            Objects.requireNonNull(meaning, "meaning");
        }
    }

    /** The string encoding option. */
    enum StringEncoding {
        /** {@code string-encoding=utf8} (0x00, the default). */
        UTF8,
        /** {@code string-encoding=utf16} (0x01). */
        UTF16,
        /** {@code string-encoding=latin1+utf16} (0x02). */
        LATIN1_UTF16
    }

    /**
     * Canonical options ({@code canonopt*}). Duplicate or conflicting options are rejected by the decoder.
     *
     * @param stringEncoding the string encoding ({@link StringEncoding#UTF8} when not given)
     * @param memory {@code (memory m)}, if given
     * @param realloc {@code (realloc f)}, if given
     * @param postReturn {@code (post-return f)}, if given
     * @param async the async option (async-era; marked)
     * @param callback {@code (callback f)} (async-era; marked), if given
     */
    record Options(StringEncoding stringEncoding, OptionalInt memory, OptionalInt realloc, OptionalInt postReturn,
            boolean async, OptionalInt callback) {
        /** No options. */
        public static final Options DEFAULT = new Options(StringEncoding.UTF8, OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), false, OptionalInt.empty());

        /** Checks nulls. */
        public Options {
            Objects.requireNonNull(stringEncoding, "stringEncoding");
            Objects.requireNonNull(memory, "memory");
            Objects.requireNonNull(realloc, "realloc");
            Objects.requireNonNull(postReturn, "postReturn");
            Objects.requireNonNull(callback, "callback");
        }
    }
}
