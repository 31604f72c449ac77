package org.medsign.hub.mobile;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.signing.SigningTaskChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The live inbox (待签任务实时更新): keeps, per signer, the task streams their app sessions opened on this node, and
 * sends each of them an event when one of the signer's tasks is created, confirmed, rejected or expired
 * ({@link SigningTaskChanged}, after its commit), a heartbeat every {@link InboxProperties#streamHeartbeat()}, and ends
 * a stream whose session is no longer live (logout, lost phone, idle, past its maximum). Events are local to the node
 * that made the change: with several nodes the app also refreshes its list periodically. All writing happens on one
 * thread of this feed, so a slow phone never holds up the signing worker that published the change.
 */
@Component
public class TaskFeed implements DisposableBean {

    /** The event name of a task change. */
    public static final String TASK_EVENT = "task";
    /** The event name sent once a stream is registered (the app may then rely on the events). */
    public static final String READY_EVENT = "ready";
    /** The event name sent before a stream is ended by the hub; its data names the reason (a code). */
    public static final String END_EVENT = "end";

    private static final Logger log = LoggerFactory.getLogger(TaskFeed.class);

    /** Where a stream's events go: the HTTP edge adapts its server-sent-event stream to this. */
    public interface Sink {

        /** Sends one event with JSON data; an {@link IOException} means the phone is gone. */
        void event(String name, Object data) throws IOException;

        /** Sends a comment line (keeps proxies and the phone's connection from closing an idle stream). */
        void heartbeat() throws IOException;

        /** Completes the stream (the hub ends it). */
        void complete();
    }

    /** A task change as the stream carries it: ids and what happened, never the document. */
    public record TaskEvent(long taskId, String change, String system, Instant at) {
    }

    /** The first event of a stream: how often heartbeats come. */
    public record Ready(long heartbeatSeconds) {
    }

    /** The last event of a stream the hub ends, e.g. {@code APP_SESSION_INVALID}. */
    public record End(String code) {
    }

    /** One open stream of one app session; identity matters (a signer may have several). */
    public static final class Subscription {
        private final String staffId;
        private final String tokenHash;
        private final Sink sink;
        private volatile boolean open = true;

        private Subscription(String staffId, String tokenHash, Sink sink) {
            this.staffId = staffId;
            this.tokenHash = tokenHash;
            this.sink = sink;
        }

        /** Whose stream it is. */
        public String staffId() {
            return staffId;
        }
    }

    private final AppSessions sessions;
    private final InboxProperties properties;
    private final Map<String, List<Subscription>> byStaff = new ConcurrentHashMap<>();
    private final ScheduledExecutorService writer;

    public TaskFeed(AppSessions sessions, InboxProperties properties) {
        this.sessions = sessions;
        this.properties = properties;
        this.writer = Executors.newSingleThreadScheduledExecutor(run -> {
            Thread thread = new Thread(run, "medsign-task-feed");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.streamHeartbeat().toMillis();
        writer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Registers a stream of {@code staffId}'s app session (the token as the app sent it; only its hash is kept) and
     * sends it the {@link #READY_EVENT}. A signer's streams beyond {@link InboxProperties#streamsPerSigner()} end the
     * oldest.
     */
    public Subscription subscribe(String staffId, String token, Sink sink) {
        Subscription subscription = new Subscription(staffId, MobileSecrets.hash(token.trim()), sink);
        List<Subscription> surplus = new ArrayList<>();
        byStaff.compute(staffId, (id, current) -> {
            List<Subscription> streams = current == null ? new CopyOnWriteArrayList<>() : current;
            streams.add(subscription);
            while (streams.size() > properties.streamsPerSigner()) {
                surplus.add(streams.remove(0));
            }
            return streams;
        });
        submit(() -> {
            surplus.forEach(old -> end(old, "STREAM_REPLACED"));
            send(subscription, READY_EVENT, new Ready(properties.streamHeartbeat().toSeconds()));
        });
        return subscription;
    }

    /** Forgets a stream the client or the container ended (completion, timeout, error). */
    public void unsubscribe(Subscription subscription) {
        subscription.open = false;
        byStaff.computeIfPresent(subscription.staffId, (id, streams) -> {
            streams.remove(subscription);
            return streams.isEmpty() ? null : streams;
        });
    }

    /** The open streams of a signer on this node (tests, metrics). */
    public int openStreams(String staffId) {
        List<Subscription> streams = byStaff.get(staffId);
        return streams == null ? 0 : streams.size();
    }

    /** A task of a signer changed (after the commit, or at once when published outside a transaction). */
    @TransactionalEventListener(fallbackExecution = true)
    void onTaskChanged(SigningTaskChanged changed) {
        List<Subscription> streams = byStaff.get(changed.staffId());
        if (streams == null || streams.isEmpty()) {
            return;
        }
        TaskEvent event = new TaskEvent(changed.taskId(), changed.change().name(), changed.systemId(), Instant.now());
        submit(() -> streams.forEach(subscription -> send(subscription, TASK_EVENT, event)));
    }

    /** The heartbeat: ends the streams of sessions that are no longer live, sends a comment to the others. */
    void beat() {
        for (List<Subscription> streams : byStaff.values()) {
            for (Subscription subscription : streams) {
                try {
                    if (!sessions.liveByHash(subscription.tokenHash)) {
                        end(subscription, ErrorCode.APP_SESSION_INVALID.name());
                    } else if (subscription.open) {
                        subscription.sink.heartbeat();
                    }
                } catch (IOException gone) {
                    drop(subscription);
                } catch (RuntimeException e) {
                    // e.g. the database is unavailable for a moment: keep the stream, check again at the next beat
                    log.warn("Task stream heartbeat failed: {}", e.toString());
                }
            }
        }
    }

    private void send(Subscription subscription, String name, Object data) {
        if (!subscription.open) {
            return;
        }
        try {
            subscription.sink.event(name, data);
        } catch (IOException | RuntimeException gone) {
            drop(subscription);
        }
    }

    private void end(Subscription subscription, String code) {
        try {
            if (subscription.open) {
                subscription.sink.event(END_EVENT, new End(code));
            }
        } catch (IOException | RuntimeException gone) {
            // ending it anyway
        }
        unsubscribe(subscription);
        subscription.sink.complete();
    }

    private void drop(Subscription subscription) {
        unsubscribe(subscription);
        try {
            subscription.sink.complete();
        } catch (RuntimeException ignored) {
            // the connection is gone already
        }
    }

    private void submit(Runnable work) {
        try {
            writer.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("Task stream write failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("Task feed stopped; event not sent");
        }
    }

    @Override
    public void destroy() {
        writer.shutdownNow();
        byStaff.values().forEach(streams -> streams.forEach(subscription -> {
            subscription.open = false;
            try {
                subscription.sink.complete();
            } catch (RuntimeException ignored) {
                // shutting down
            }
        }));
        byStaff.clear();
    }
}
