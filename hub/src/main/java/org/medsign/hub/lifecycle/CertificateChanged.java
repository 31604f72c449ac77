package org.medsign.hub.lifecycle;

import java.util.List;

/**
 * Published once the certificate lifecycle changes of a transaction were committed (one event per transaction, so
 * that a batch of renewals is queued once): status sync delivers them to the systems.
 *
 * @param eventIds ids of the {@code certificate_event} rows, in the order they were written
 */
public record CertificateChanged(List<Long> eventIds) {

    public CertificateChanged {
        eventIds = List.copyOf(eventIds);
    }
}
