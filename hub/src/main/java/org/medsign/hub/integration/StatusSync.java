package org.medsign.hub.integration;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.medsign.adapters.model.CertificateStatusEvent;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.CertificateChanged;
import org.medsign.hub.lifecycle.ledger.CertificateEvents;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.medsign.hub.lifecycle.ledger.SystemAccountRepository;
import org.medsign.hub.signing.SigningQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Status sync (状态同步): delivers each certificate lifecycle change to every system the holder has an account in and
 * that has a status route ({@code direct:<system>.outbound.status}: a webhook or MFN^M02 route file). A change is
 * queued once its transaction commits; the transacted route {@code hub.status.send} calls {@link #send}; each system
 * is delivered to in its own transaction under a lock on the event, recorded in {@code certificate_event_delivery},
 * so a retry after a failure (the broker's back-off, then {@code DLQ.medsign.certificate.status}) skips the systems
 * that already have it. Undelivered changes are queued again at start-up.
 */
@Component
public class StatusSync {

    private static final Logger log = LoggerFactory.getLogger(StatusSync.class);
    private static final String PREFIX = "direct://";
    private static final String SUFFIX = ".outbound.status";

    private final CertificateEvents events;
    private final StaffRepository staff;
    private final StaffCertificateRepository certificates;
    private final SystemAccountRepository accounts;
    private final JmsTemplate jms;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final StatusSyncDeliveries deliveries;

    public StatusSync(CertificateEvents events, StaffRepository staff,
                      StaffCertificateRepository certificates, SystemAccountRepository accounts, JmsTemplate jms,
                      CamelContext camel, ProducerTemplate producer, AuditLog audit, TransactionTemplate transactions,
                      StatusSyncDeliveries deliveries) {
        this.deliveries = deliveries;
        this.events = events;
        this.staff = staff;
        this.certificates = certificates;
        this.accounts = accounts;
        this.jms = jms;
        this.camel = camel;
        this.producer = producer;
        this.audit = audit;
        this.transactions = transactions;
    }

    @EventListener
    void onChanged(CertificateChanged event) {
        enqueue(event.eventIds().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
    }

    @EventListener(ApplicationReadyEvent.class)
    void requeueUndispatched() {
        List<Long> pending = events.undispatched();
        for (int from = 0; from < pending.size(); from += 100) {
            enqueue(pending.subList(from, Math.min(pending.size(), from + 100)).stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        if (!pending.isEmpty()) {
            log.info("Queued {} undelivered certificate status change(s)", pending.size());
        }
    }

    /** Queues comma-separated event ids (one message per committed transaction). */
    private void enqueue(String eventIds) {
        try {
            jms.convertAndSend(SigningQueue.STATUS, eventIds);
        } catch (JmsException e) {
            log.warn("Could not queue certificate status change(s) {}: {}", eventIds, e.getClass().getSimpleName());
        }
    }

    /** Delivers the changes of one queued message, in order (called by the transacted status route). */
    public void sendAll(String eventIds) {
        for (String id : eventIds.split(",")) {
            if (!id.isBlank()) {
                send(Long.parseLong(id.trim()));
            }
        }
    }

    /** The systems with a status route, by the endpoint their route consumes. */
    List<String> systemsWithStatusRoutes() {
        List<String> systems = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            if (uri.startsWith(PREFIX) && uri.endsWith(SUFFIX)) {
                systems.add(uri.substring(PREFIX.length(), uri.length() - SUFFIX.length()));
            }
        }
        return systems;
    }

    /** Delivers one change to every system that should have it (called by the transacted status route). */
    public void send(long eventId) {
        Optional<String> staffId = events.undispatched(eventId).map(e -> Optional.ofNullable(e.staffId()))
                .orElse(null);
        if (staffId == null) {
            return; // unknown or dispatched before
        }
        if (staffId.isPresent()) {
            List<String> holderSystems = accounts.systemsOf(staffId.get());
            for (String system : systemsWithStatusRoutes()) {
                if (holderSystems.contains(system)) {
                    transactions.executeWithoutResult(tx -> deliverLocked(eventId, system));
                }
            }
        }
        events.markDispatched(eventId, Instant.now());
    }

    private void deliverLocked(long eventId, String system) {
        events.lock(eventId);
        if (deliveries.delivered(eventId, system)) {
            return;
        }
        CertificateStatusEvent event = event(eventId, system);
        producer.sendBody("direct:" + system + SUFFIX, event);
        deliveries.recordDelivered(eventId, system);
        audit.append(AuditEvent.success("hub", "SYSTEM", "STATUS_SENT", event.serial(),
                system + " " + event.action() + " event " + eventId));
    }

    private CertificateStatusEvent event(long eventId, String system) {
        CertificateEvents.Change change = events.find(eventId);
        String staffId = change.staffId();
        StaffRepository.Holder holder = staffId == null ? null : staff.holder(staffId).orElse(null);
        StaffCertificateRepository.Validity validity = certificates.validity(change.serial())
                .orElse(new StaffCertificateRepository.Validity(null, null));
        List<String> held = staffId == null ? List.of() : accounts.accountsOf(staffId, system);
        return new CertificateStatusEvent(eventId, system, held, staffId, holder == null ? null : holder.name(),
                holder == null ? null : holder.department(), change.serial(), change.action(), change.oldStatus(),
                change.newStatus(), change.reason(), change.eventTime(), validity.notBefore(),
                validity.notAfter());
    }
}
