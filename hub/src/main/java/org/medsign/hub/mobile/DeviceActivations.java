package org.medsign.hub.mobile;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.collab.CollabProtocolException;
import org.medsign.crypto.collab.CollabServer;
import org.medsign.crypto.collab.KeygenRequest;
import org.medsign.crypto.collab.ServerShare;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.medsign.hub.lifecycle.operations.CollaborativeCertificates;
import org.medsign.hub.lifecycle.operations.StaffPins;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Activation of a device with a collaborative SM2 key (协同签名, issue #14, first step): the app's activation
 * ({@link AppActivations}: one-time code, signing PIN) plus, in the same transaction, the hub's half of the joint key
 * generation ({@link CollabServer#keygen}), the hub's share d2 sealed in the {@link KeyVault}, a signing certificate
 * for the joint public key P ({@link CollaborativeCertificates}) and a fresh pepper for the PIN-sealed device share.
 * A refused protocol message is COLLAB_MESSAGE_INVALID before the code is looked at (the code stays usable); a wrong,
 * used or expired code is ACTIVATION_CODE_INVALID; either way nothing is stored. The share and the pepper are never
 * logged; the share never leaves the hub.
 */
@Component
public class DeviceActivations {

    /** A device just activated: the answer to its key generation, its certificate, and the pepper (shown once). */
    public record Activated(String staffId, byte[] keygenResponse, String serial, X509CertificateHolder certificate,
                            byte[] pepper) {
        @Override
        public String toString() {
            return "Activated[" + staffId + ", " + serial + ", ***]";
        }
    }

    private final CollabServer server = new CollabServer(new SecureRandom());
    private final AppActivations activations;
    private final CollaborativeCertificates certificates;
    private final KeyVault vault;
    private final DeviceKeyRepository keys;
    private final AuditLog audit;
    private final StaffDirectory directory;
    private final StaffPins pins;
    private final TransactionTemplate transactions;

    public DeviceActivations(AppActivations activations, CollaborativeCertificates certificates, KeyVault vault,
                             DeviceKeyRepository keys, AuditLog audit, StaffDirectory directory, StaffPins pins,
                             TransactionTemplate transactions) {
        this.directory = directory;
        this.pins = pins;
        this.transactions = transactions;
        this.activations = activations;
        this.certificates = certificates;
        this.vault = vault;
        this.keys = keys;
        this.audit = audit;
    }

    /**
     * Activates the app with {@code code} and {@code pin} as {@link AppActivations#activate} does, and runs the hub's
     * side of key generation for the device's {@code keygenRequest} (a {@link KeygenRequest}, 66 bytes).
     *
     * @param source the client address, for the throttle
     * @throws HubException COLLAB_MESSAGE_INVALID, ACTIVATION_CODE_INVALID, PIN_TOO_WEAK, AUTHENTICATION_LOCKED_OUT,
     *                      HOLDER_LEFT
     */
    public Activated activate(String staffId, String code, String pin, byte[] keygenRequest, String source) {
        KeygenRequest request = parse(keygenRequest);
        return activations.activate(staffId, code, pin, source,
                () -> newKey(staffId, request, "DEVICE_KEY_ACTIVATED"));
    }

    /**
     * Renews the clinician's collaborative key from their logged-in device (the renewal campaign leaves such
     * certificates to the device, {@code WAITS_FOR_DEVICE}): the PIN is checked (counted and locked as at any
     * confirmation), then in one transaction a new joint key, a key update of the current collaborative certificate
     * (same subject and profile), the old one superseded, a new pepper. The device seals its new share with it.
     *
     * @throws HubException DEVICE_NOT_ACTIVATED (no active collaborative certificate), COLLAB_MESSAGE_INVALID,
     *                      PIN_WRONG, PIN_LOCKED
     */
    public Activated renew(String staffId, String pin, byte[] keygenRequest, String source) {
        KeygenRequest request = parse(keygenRequest);
        boolean collaborative = directory.credentials(staffId).stream()
                .anyMatch(c -> c.collaborative() && c.state() == CertificateState.ACTIVE);
        if (!collaborative) {
            throw new HubException(ErrorCode.DEVICE_NOT_ACTIVATED, "no active collaborative key of " + staffId
                    + " to renew: activate the device with a code");
        }
        pins.verify(staffId, pin, "staff:" + staffId, source);
        return transactions.execute(status -> newKey(staffId, request, "DEVICE_KEY_RENEWED"));
    }

    private Activated newKey(String staffId, KeygenRequest request, String action) {
        CollabServer.Keygen keygen = server.keygen(request);
        ServerShare share = keygen.share();
        CollaborativeCertificates.Certified certified = certificates.certify(staffId, share.publicKey(),
                "device/" + staffId + "/" + Long.toHexString(System.nanoTime()), "staff:" + staffId);
        String alias = KeyVault.SHARE_PREFIX + certified.serial();
        vault.storeShare(alias, share);
        Instant now = Instant.now();
        keys.insertKey(certified.serial(), staffId, alias, now);
        byte[] pepper = keys.renewPepper(staffId, now);
        audit.append(AuditEvent.success("staff:" + staffId, "SIGNER", action, "staff/" + staffId,
                "collaborative certificate " + certified.serial()));
        return new Activated(staffId, keygen.response().toBytes(), certified.serial(), certified.certificate(),
                pepper);
    }

    /** The clinician's pepper (for their authenticated device); DEVICE_NOT_ACTIVATED when they have none. */
    public byte[] pepper(String staffId) {
        return keys.pepper(staffId).orElseThrow(() -> new HubException(ErrorCode.DEVICE_NOT_ACTIVATED,
                "no collaborative key has been activated for " + staffId));
    }

    /** The hub's share of the collaborative certificate {@code serial}, unsealed from the vault (the signing round). */
    public Optional<ServerShare> share(String serial) {
        return keys.shareAlias(serial).flatMap(vault::findShare);
    }

    private static KeygenRequest parse(byte[] bytes) {
        try {
            return KeygenRequest.fromBytes(bytes);
        } catch (CollabProtocolException e) {
            throw new HubException(ErrorCode.COLLAB_MESSAGE_INVALID, "keygen: " + e.getMessage(), e);
        }
    }
}
