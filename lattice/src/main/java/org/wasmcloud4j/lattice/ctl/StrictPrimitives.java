package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Primitive fields as serde reads them with {@code #[serde(default)]}: an absent field takes the default (0,
 * false), an explicit {@code null} or a value of another JSON type fails, an integer out of range fails.
 */
final class StrictPrimitives {
    private StrictPrimitives() {}

    static SimpleModule module() {
        SimpleModule m = new SimpleModule("wasmcloud4j-ctl-primitives");
        m.addDeserializer(int.class, new IntDeser());
        m.addDeserializer(long.class, new LongDeser());
        m.addDeserializer(boolean.class, new BoolDeser());
        return m;
    }

    private abstract static class Base<T> extends StdScalarDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient T absent;

        Base(Class<T> type, T absent) {
            super(type);
            this.absent = absent;
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            throw InvalidNullException.from(ctxt, null, ctxt.constructType(handledType()));
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return absent;
        }

        T mismatch(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                throw InvalidNullException.from(ctxt, null, ctxt.constructType(handledType()));
            }
            @SuppressWarnings("unchecked")
            T t = (T) ctxt.handleUnexpectedToken(handledType(), p);
            return t;
        }
    }

    private static final class IntDeser extends Base<Integer> {
        private static final long serialVersionUID = 1L;

        IntDeser() {
            super(int.class, 0);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return mismatch(p, ctxt);
            }
            JsonParser.NumberType t = p.getNumberType();
            long v = t == JsonParser.NumberType.INT || t == JsonParser.NumberType.LONG ? p.getLongValue() : Long.MAX_VALUE;
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw InvalidFormatException.from(p, "integer " + p.getText() + " is out of range", p.getText(),
                        int.class);
            }
            return (int) v;
        }
    }

    private static final class LongDeser extends Base<Long> {
        private static final long serialVersionUID = 1L;

        LongDeser() {
            super(long.class, 0L);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return mismatch(p, ctxt);
            }
            JsonParser.NumberType t = p.getNumberType();
            if (t != JsonParser.NumberType.INT && t != JsonParser.NumberType.LONG) {
                throw InvalidFormatException.from(p, "integer " + p.getText() + " is out of range", p.getText(),
                        long.class);
            }
            return p.getLongValue();
        }
    }

    private static final class BoolDeser extends Base<Boolean> {
        private static final long serialVersionUID = 1L;

        BoolDeser() {
            super(boolean.class, Boolean.FALSE);
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_TRUE) {
                return Boolean.TRUE;
            }
            if (t == JsonToken.VALUE_FALSE) {
                return Boolean.FALSE;
            }
            return mismatch(p, ctxt);
        }
    }
}
