package org.medsign.hub.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.medsign.hub.signing.SigningQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Takes the queued answers from {@code medsign.replies} and has {@link Replies} send them, several per transaction:
 * each of {@code medsign.replies.consumers} threads receives one answer (waiting for it), then whatever else is
 * waiting in its delivery buffer, up to {@code medsign.replies.batch}, and sends them with one database commit and one
 * broker commit ({@link Replies#sendAll}). Under load this turns a commit per answer into one per batch; a lone answer
 * is sent at once, alone.
 *
 * <p>When an answer cannot be sent (the system is down, its ACK says no), the batch's broker delivery is rolled back
 * after the database commit: the broker redelivers every message of the batch after its back-off, the answers that
 * were sent are then found answered (the reply row's {@code answered_status}) and acknowledged, the others are tried
 * again and dead-lettered after the queue's attempts ({@code DLQ.medsign.replies}). A database failure rolls both back.
 * A node that dies mid-batch leaves its messages to the broker, which redelivers them; answers already on the wire are
 * then sent again (at most one batch per thread: the at-least-once of the answer's transport), never lost.
 */
@Component
class ReplyConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplyConsumers.class);
    /** How long a receive waits before it looks at whether the hub is stopping. */
    private static final long RECEIVE_MILLIS = 1000;
    /** First pause after the broker or the database failed, before the thread tries again. */
    private static final long PAUSE_MILLIS = 2000;
    /** How long stopping waits for a batch under way. */
    private static final long STOP_MILLIS = 30_000;

    private final ConnectionFactory connections;
    private final Replies replies;
    private final ReplyProperties properties;
    private final DistributionSummary batchSizes;
    private final List<Thread> threads = new ArrayList<>();
    private final Object pause = new Object();
    private volatile boolean running;

    ReplyConsumers(ConnectionFactory connections, Replies replies, ReplyProperties properties, MeterRegistry meters) {
        // the broker's own factory: each thread keeps its connection, session and consumer for as long as it runs
        // (Spring's caching factory would share one connection and keep closed consumers prefetching)
        this.connections = connections instanceof SingleConnectionFactory single
                && single.getTargetConnectionFactory() != null ? single.getTargetConnectionFactory() : connections;
        this.replies = replies;
        this.properties = properties;
        this.batchSizes = DistributionSummary.builder("medsign.replies.batch")
                .description("Answers sent to systems per reply transaction").register(meters);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 1; i <= properties.consumers(); i++) {
            Thread thread = new Thread(this::consume, "medsign-replies-" + i);
            // a batch cut by the JVM's exit is redelivered by the broker; a daemon never holds the JVM up
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    @Override
    public void stop() {
        List<Thread> stopping;
        synchronized (this) {
            running = false;
            stopping = List.copyOf(threads);
            threads.clear();
        }
        synchronized (pause) {
            pause.notifyAll();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        for (Thread thread : stopping) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                log.warn("Reply consumer {} is still sending at shutdown; the broker redelivers its batch",
                        thread.getName());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the Camel context (whose outbound routes it sends to) and starts after it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private void consume() {
        int failures = 0;
        while (running && !Thread.currentThread().isInterrupted()) {
            try (Connection connection = connections.createConnection()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(SigningQueue.REPLIES));
                connection.start();
                failures = 0;
                while (running) {
                    List<Message> batch = receive(consumer);
                    if (!batch.isEmpty()) {
                        deliver(session, batch);
                    }
                }
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    // 2 s, 4 s … at most 32 s apart while the broker stays away (the broker-down alert tells why)
                    long millis = PAUSE_MILLIS << Math.min(failures++, 4);
                    log.warn("Reply consumer failed ({}); it starts again in {} ms", describe(e), millis);
                    pause(millis);
                }
            }
        }
    }

    private List<Message> receive(MessageConsumer consumer) throws JMSException {
        Message first = consumer.receive(RECEIVE_MILLIS);
        if (first == null) {
            return List.of();
        }
        List<Message> batch = new ArrayList<>();
        batch.add(first);
        while (batch.size() < properties.batch()) {
            Message next = consumer.receiveNoWait();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void deliver(Session session, List<Message> batch) throws JMSException {
        List<Long> requestPks = new ArrayList<>(batch.size());
        int malformed = 0;
        for (Message message : batch) {
            try {
                requestPks.add(Long.parseLong(((TextMessage) message).getText().trim()));
            } catch (ClassCastException | NullPointerException | NumberFormatException e) {
                malformed++;
            }
        }
        List<RuntimeException> failures;
        try {
            failures = requestPks.isEmpty() ? List.of() : replies.sendAll(requestPks);
        } catch (RuntimeException e) {
            session.rollback();
            log.warn("{} answer(s) not sent, the database failed ({}); the broker delivers them again",
                    requestPks.size(), describe(e));
            pause(PAUSE_MILLIS);
            return;
        }
        batchSizes.record(batch.size());
        if (failures.isEmpty() && malformed == 0) {
            session.commit();
            return;
        }
        session.rollback();
        if (malformed > 0) {
            log.warn("{} message(s) on {} are not request ids; the broker retries, then dead-letters them",
                    malformed, SigningQueue.REPLIES);
        }
        failures.forEach(e -> log.warn("An answer could not be sent ({}); the broker retries it, then "
                + "dead-letters it to {}", describe(e), SigningQueue.REPLIES_DEAD_LETTERS));
    }

    private void pause(long millis) {
        synchronized (pause) {
            if (running) {
                try {
                    pause.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // this thread ends (its loop checks the flag)
                }
            }
        }
    }

    /** The failure's kind and root cause, without the message of the exchange (no patient payload in the log). */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ", caused by "
                + root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
