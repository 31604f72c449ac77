package org.medsign.hub.signing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.collab.CollabDelegation;
import org.medsign.crypto.collab.CollabProtocolException;
import org.medsign.crypto.collab.ServerShare;
import org.medsign.hub.HubException;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.StaffCredential;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Signing windows (时段授权) with collaborative keys (协同签名, issue #14; docs/security.md): the device hands its share
 * to the hub for the windows it opens, and the hub signs alone, within exactly those windows, until they close.
 *
 * <p>Invariants: a delegation is accepted only when the share completes the hub's share of the clinician's active
 * collaborative certificate ({@link CollabDelegation#accept}); it is kept in this process's memory only (never in the
 * database, a backup or a log) under the ids of the windows it was given for; it is used only while one of those
 * windows is in force in the database for the request's system and scenario, and for the certificate it was given
 * for; it is dropped when its windows close (the signer closes one, reports the phone lost, the window runs out: at
 * the latest by the next {@link #purge}) and when the hub stops. A hub restarted, or another hub node, has no
 * delegation: the requests of the window then wait as tasks for the signer, nothing is signed without the device.
 */
@Component
public class WindowDelegations {

    private static final Logger log = LoggerFactory.getLogger(WindowDelegations.class);

    private record Delegation(String staffId, String serial, CollabDelegation key, Instant until) {
        @Override
        public String toString() {
            return "Delegation[" + staffId + ", " + serial + ", until " + until + "]";
        }
    }

    /** A share checked against the clinician's certificate, ready to be registered for windows. */
    public record Accepted(String staffId, String serial, CollabDelegation key) {
    }

    private final Map<Long, Delegation> byWindow = new ConcurrentHashMap<>();
    private final StaffDirectory directory;
    private final KeyVault vault;
    private final SigningAuthorizations windows;

    public WindowDelegations(StaffDirectory directory, KeyVault vault, SigningAuthorizations windows,
                             MeterRegistry registry) {
        this.directory = directory;
        this.vault = vault;
        this.windows = windows;
        Gauge.builder("medsign.signing.window.delegations", byWindow, Map::size)
                .description("Signing windows holding a delegated device share (collaborative keys)").register(registry);
    }

    /** The clinician's active, valid collaborative certificate, if they have one. */
    public Optional<StaffCredential> collaborativeOf(String staffId, Instant now) {
        return directory.credentials(staffId).stream()
                .filter(c -> c.collaborative() && c.state() == CertificateState.ACTIVE
                        && !now.isBefore(c.notBefore()) && !now.isAfter(c.notAfter()))
                .findFirst();
    }

    /**
     * Checks the device share {@code d1} against the clinician's collaborative certificate.
     *
     * @throws HubException DEVICE_NOT_ACTIVATED (no collaborative certificate), COLLAB_MESSAGE_INVALID (not 32 bytes,
     *                      out of range, or not the other share of this key)
     */
    public Accepted accept(String staffId, byte[] d1) {
        StaffCredential credential = collaborativeOf(staffId, Instant.now())
                .orElseThrow(() -> new HubException(ErrorCode.DEVICE_NOT_ACTIVATED,
                        "no collaborative key is active for " + staffId));
        ServerShare share = vault.findShare(KeyVault.SHARE_PREFIX + credential.serial())
                .orElseThrow(() -> new HubException(ErrorCode.SIGNER_KEY_MISSING, "the hub's share of certificate "
                        + credential.serial() + " is missing from the vault"));
        try {
            return new Accepted(staffId, credential.serial(), CollabDelegation.accept(share, d1));
        } catch (CollabProtocolException e) {
            throw new HubException(ErrorCode.COLLAB_MESSAGE_INVALID, "delegation: " + e.getMessage(), e);
        }
    }

    /**
     * Keeps an accepted delegation for these windows (just opened by its clinician) until they close; inside a
     * transaction, once it commits (a rolled-back window never holds one).
     */
    public void register(Accepted accepted, List<SigningAuthorizations.Window> opened) {
        Runnable put = () -> {
            for (SigningAuthorizations.Window window : opened) {
                byWindow.put(window.id(), new Delegation(accepted.staffId(), accepted.serial(), accepted.key(),
                        window.validUntil()));
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    put.run();
                }
            });
        } else {
            put.run();
        }
    }

    /**
     * The delegated key that lets the hub sign now for {@code staffId} with certificate {@code serial} in
     * {@code systemId}/{@code scenario}: one of the clinician's windows in force covers it and holds a delegation for
     * that certificate.
     */
    public Optional<CollabDelegation> covering(String staffId, String serial, String systemId, String scenario,
                                               Instant now) {
        if (byWindow.isEmpty()) {
            return Optional.empty();
        }
        for (long id : windows.coveringWindows(staffId, systemId, scenario, now)) {
            Delegation delegation = byWindow.get(id);
            if (delegation != null && delegation.staffId().equals(staffId) && delegation.serial().equals(serial)
                    && delegation.until().isAfter(now)) {
                return Optional.of(delegation.key());
            }
        }
        return Optional.empty();
    }

    /** Drops the delegation of one window (closed by its signer). */
    public void forget(long windowId) {
        byWindow.remove(windowId);
    }

    /** Drops every delegation of a clinician (phone lost, certificate frozen or revoked). */
    public void forgetAll(String staffId) {
        byWindow.values().removeIf(delegation -> delegation.staffId().equals(staffId));
    }

    /** Whether a window holds a delegation (for tests and the console). */
    public boolean holds(long windowId) {
        return byWindow.containsKey(windowId);
    }

    /** Drops delegations whose windows ran out or were closed by anyone (every 30 s, and on demand). */
    @Scheduled(fixedDelayString = "${medsign.signing.delegation-purge-interval:PT30S}")
    public void purge() {
        if (byWindow.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        byWindow.entrySet().removeIf(entry -> !entry.getValue().until().isAfter(now));
        try {
            Set<Long> known = Set.copyOf(byWindow.keySet());
            Set<Long> open = windows.inForce(known, now);
            int dropped = 0;
            for (long id : known) {
                if (!open.contains(id) && byWindow.remove(id) != null) {
                    dropped++;
                }
            }
            if (dropped > 0) {
                log.info("Dropped {} delegated device share(s) of closed signing windows", dropped);
            }
        } catch (RuntimeException e) {
            log.warn("Could not check the delegations' windows: {}", e.getClass().getSimpleName());
        }
    }
}
