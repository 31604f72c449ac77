package org.medsign.adapters.hl7v2.mllp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.apache.camel.component.mllp.internal.MllpSocketBuffer;
import org.apache.camel.component.mllp.internal.TcpServerConsumerValidationRunnable;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.PeerRefusal;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.SigningGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camel-mllp server consumer with a check at accept time. camel-mllp's accept thread hands every accepted socket
 * to {@link #validateConsumer(Socket)} before anything is read; here a peer whose address the {@link MllpPeerGuard}
 * does not allow, or that already holds its share of connections, is reset at once (no byte read, no TLS handshake,
 * no HL7 answer) and reported to the {@link SigningGateway} ({@link PeerRefusal}). Admitted sockets go through
 * camel-mllp's own first-read validation, but on a pool bounded by {@code maxConcurrentConsumers} (camel-mllp's is
 * unbounded), and a first frame that overflows the read buffer resets the connection (camel-mllp would leave the
 * socket open and unanswered).
 */
public class GuardedMllpConsumer extends MllpTcpServerConsumer {

    private static final Logger log = LoggerFactory.getLogger(GuardedMllpConsumer.class);

    private final MllpPeerGuard guard;
    private final PeerConnections connections = new PeerConnections();
    private final ThreadPoolExecutor validation;

    public GuardedMllpConsumer(GuardedMllpEndpoint endpoint, Processor processor, MllpPeerGuard guard) {
        super(endpoint, processor);
        this.guard = guard;
        AtomicInteger threads = new AtomicInteger();
        this.validation = new ThreadPoolExecutor(0, Math.max(1, getConfiguration().getMaxConcurrentConsumers()),
                60, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "mllp-accept-check-" + guard.system() + "-"
                            + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void validateConsumer(Socket socket) {
        InetAddress address = socket.getInetAddress();
        if (!guard.allows(address)) {
            refuse(socket, address, PeerRefusal.Reason.NOT_ALLOWED);
            return;
        }
        if (!connections.admit(socket, guard.maxConnectionsPerAddress())) {
            refuse(socket, address, PeerRefusal.Reason.TOO_MANY_CONNECTIONS);
            return;
        }
        TcpServerConsumerValidationRunnable firstRead = new TcpServerConsumerValidationRunnable(this, socket,
                new MllpSocketBuffer(getEndpoint()));
        try {
            validation.execute(() -> {
                try {
                    firstRead.run();
                } catch (RuntimeException e) {
                    // camel-mllp throws IllegalStateException when the first frame outgrows maxBufferSize
                    log.warn("MLLP connection from {} to {} reset: {}", text(address), guard.system(),
                            e instanceof IllegalStateException ? "frame larger than the read limit of "
                                    + getConfiguration().getMaxBufferSize() + " bytes" : e.getClass().getSimpleName());
                    reset(socket);
                    if (e instanceof IllegalStateException) {
                        reportOversize();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("MLLP connection from {} to {} reset: {} connections are being read already", text(address),
                    guard.system(), validation.getMaximumPoolSize());
            reset(socket);
        }
    }

    /** Open connections of an address (diagnostics). */
    public int openConnections(InetAddress address) {
        return connections.count(address);
    }

    @Override
    protected void doShutdown() throws Exception {
        super.doShutdown();
        validation.shutdownNow();
    }

    private void refuse(Socket socket, InetAddress address, PeerRefusal.Reason reason) {
        reset(socket);
        log.debug("MLLP connection from {} to {} refused: {}", text(address), guard.system(), reason);
        try {
            gateway().peerRefused(new PeerRefusal(guard.system(), "hl7v2", text(address), reason));
        } catch (RuntimeException e) {
            log.warn("Could not report a refused MLLP connection to {}: {}", guard.system(),
                    e.getClass().getSimpleName());
        }
    }

    private void reportOversize() {
        try {
            gateway().rejected(new Rejection(guard.system(), "hl7v2", null, ErrorCode.MLLP_FRAME_TOO_LARGE,
                    "the frame is larger than the read limit of " + getConfiguration().getMaxBufferSize()
                            + " bytes; the connection was reset", null));
        } catch (RuntimeException e) {
            log.warn("Could not record the rejection of a frame sent to {}: {}", guard.system(),
                    e.getClass().getSimpleName());
        }
    }

    private SigningGateway gateway() {
        return SigningGateway.from(getEndpoint().getCamelContext());
    }

    /** Closes with a TCP reset (SO_LINGER 0), so that the peer learns at once and no TIME_WAIT is left here. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed or broken: closing is all that is left
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private static String text(InetAddress address) {
        return address == null ? "unknown" : address.getHostAddress();
    }
}
