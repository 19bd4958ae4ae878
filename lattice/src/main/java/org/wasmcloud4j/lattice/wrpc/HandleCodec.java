package org.wasmcloud4j.lattice.wrpc;

import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.value.Value;

/**
 * What resource handles mean on the wire. wRPC sends an {@code own<R>} or {@code borrow<R>} as opaque bytes
 * (encoded as {@code list<u8>}); their meaning is the application's (wasmtime hosts send a 16-byte UUIDv7 for a
 * guest resource they share, or hand back the bytes a remote peer gave them). The host layer supplies an
 * implementation; {@link #REFUSE} refuses every handle.
 */
public interface HandleCodec {
    /** Refuses every handle with a {@link WrpcException}. */
    HandleCodec REFUSE = new HandleCodec() {
        @Override
        public byte[] encode(Value.Handle handle, HandleType type) {
            throw new WrpcException("no HandleCodec: cannot send a " + type + " handle over wRPC");
        }

        @Override
        public Value decode(byte[] representation, HandleType type) {
            throw new WrpcException("no HandleCodec: cannot receive a " + type + " handle over wRPC");
        }
    };

    /**
     * The bytes that stand for {@code handle} on the wire.
     *
     * @throws WrpcException (or another runtime exception) if the handle cannot be sent
     */
    byte[] encode(Value.Handle handle, HandleType type);

    /**
     * The value a peer's handle bytes stand for: a {@link Value.Handle} the host created for them.
     *
     * @param representation the bytes received (owned by the callee)
     * @throws WrpcException (or another runtime exception) if the bytes name no usable handle
     */
    Value decode(byte[] representation, HandleType type);
}
