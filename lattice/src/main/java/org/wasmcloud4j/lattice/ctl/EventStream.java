package org.wasmcloud4j.lattice.ctl;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lattice events as they arrive, from {@link CtlClient#events()}: a subscription on {@code wasmbus.evt.{lattice}.>}
 * (or one event name) feeding a bounded queue. Messages that are not CloudEvents JSON are skipped and counted
 * ({@link #malformed()}); when the reader falls {@value #CAPACITY} events behind, new events are dropped and counted
 * ({@link #dropped()}). Closing unsubscribes. Thread-safe.
 */
public final class EventStream implements AutoCloseable {
    /** Events held for a reader that is behind. */
    public static final int CAPACITY = 10_000;

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final String subject;
    private final BlockingQueue<CloudEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile CtlDecodeException lastMalformed;

    EventStream(Connection connection, String subject) {
        this.connection = connection;
        this.subject = subject;
        this.dispatcher = connection.createDispatcher(this::onMessage);
        dispatcher.subscribe(subject);
        try {
            connection.flush(Duration.ofSeconds(5));
        } catch (Exception e) {
            close();
            throw new CtlException("cannot subscribe to " + subject + ": " + e.getMessage(), e);
        }
    }

    private void onMessage(Message m) {
        CloudEvent event;
        try {
            event = CtlJson.decode(m.getData() == null ? new byte[0] : m.getData(), CloudEvent.class);
        } catch (CtlDecodeException e) {
            malformed.incrementAndGet();
            lastMalformed = e;
            return;
        }
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** The subject subscribed to. */
    public String subject() {
        return subject;
    }

    /** The next event, waiting up to {@code timeout}; empty if none came. */
    public Optional<CloudEvent> poll(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** The next event, waiting as long as it takes. */
    public CloudEvent take() throws InterruptedException {
        return queue.take();
    }

    /** Messages skipped because they were not CloudEvents JSON. */
    public long malformed() {
        return malformed.get();
    }

    /** Why the last skipped message was skipped, if any was. */
    public Optional<CtlDecodeException> lastMalformed() {
        return Optional.ofNullable(lastMalformed);
    }

    /** Events dropped because the reader was {@value #CAPACITY} events behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Unsubscribes; events already queued can still be polled. */
    @Override
    public void close() {
        try {
            connection.closeDispatcher(dispatcher);
        } catch (IllegalStateException ignored) {
            // connection already closed
        }
    }
}
