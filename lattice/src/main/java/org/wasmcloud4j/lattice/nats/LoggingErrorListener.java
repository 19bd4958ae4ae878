package org.wasmcloud4j.lattice.nats;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** jnats errors through SLF4J (jnats logs to java.util.logging otherwise), at warn. */
final class LoggingErrorListener implements ErrorListener {
    private static final Logger LOG = LoggerFactory.getLogger(NatsLattice.class);
    private final String role;

    LoggingErrorListener(String role) {
        this.role = role;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        LOG.warn("NATS {} connection: server error: {}", role, error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        LOG.warn("NATS {} connection: {}", role, exp.toString());
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
        LOG.warn("NATS {} connection: slow consumer, messages dropped", role);
    }
}
