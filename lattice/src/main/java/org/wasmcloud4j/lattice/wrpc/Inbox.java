package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.NUID;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One wildcard subscription {@code _INBOX.<nuid>.>} for all calls of a client or server, as wrpc's transport-nats
 * does: per-call subjects are {@code prefix + nuid} ({@code R_c}, {@code R_s}), and messages on them and below them
 * ({@code R.results.0}) go to that call's handler. Handlers run on the dispatcher thread and must not block.
 */
final class Inbox implements AutoCloseable {
    private final Connection nats;
    private final String prefix;
    private final Dispatcher dispatcher;
    /** Per-call subjects ({@code prefix + nuid}) to their handlers. */
    private final Map<String, MessageHandler> calls = new ConcurrentHashMap<>();

    Inbox(Connection nats) {
        this.nats = nats;
        this.prefix = nats.createInbox() + ".";
        this.dispatcher = nats.createDispatcher(this::route);
        dispatcher.subscribe(prefix + ">");
    }

    /** The dispatcher, for further subscriptions (invocation subjects). */
    Dispatcher dispatcher() {
        return dispatcher;
    }

    /** One NUID per thread: jnats' global one is a lock that every call of every thread would take. */
    private static final ThreadLocal<NUID> NUIDS = ThreadLocal.withInitial(NUID::new);

    /** A new per-call subject. */
    String newSubject() {
        return prefix + NUIDS.get().next();
    }

    /** Routes messages on {@code subject} (made by {@link #newSubject()}) and below it to {@code handler}. */
    void register(String subject, MessageHandler handler) {
        calls.put(subject, handler);
    }

    /** Calls registered now. */
    int size() {
        return calls.size();
    }

    void unregister(String subject) {
        calls.remove(subject);
    }

    private void route(Message msg) throws InterruptedException {
        String s = msg.getSubject();
        if (!s.startsWith(prefix)) {
            return;
        }
        int dot = s.indexOf('.', prefix.length());
        MessageHandler h = calls.get(dot < 0 ? s : s.substring(0, dot));
        if (h != null) {
            h.onMessage(msg);
        }
    }

    @Override
    public void close() {
        if (nats.getStatus() != Connection.Status.CLOSED) {
            nats.closeDispatcher(dispatcher);
        }
    }
}
