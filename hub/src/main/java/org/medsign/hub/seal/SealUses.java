package org.medsign.hub.seal;

import java.time.Instant;

import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.springframework.stereotype.Component;

/**
 * Which seal a signature may carry, and the record of every use (用章记录). A request names a seal, or none for the
 * signer's own personal signature image (个人签名). A personal seal is its owner's only and signs with the owner's
 * certificate; an organisation seal (科室章, 院章, 专用章) signs with its unit's organisation certificate, applied by
 * the hub for the person who asked (the post-based permission matrix decides whether they may).
 */
@Component
public class SealUses {

    /** The audit event of a seal use. */
    public static final String SEAL_USED = "SEAL_USED";

    /**
     * A seal chosen for a request.
     *
     * @param requestedBy   the person the request names as signer
     * @param signerStaffId who signs: the person (personal seal) or the unit's organisation signer
     */
    public record Chosen(Seal seal, byte[] png, String requestedBy, String signerStaffId) {

        /** Whether the organisation signer signs rather than the person who asked. */
        public boolean organisation() {
            return seal.kind() != SealKind.PERSONAL;
        }
    }

    private final SealRepository seals;
    private final SealUsageRepository usages;
    private final AuditLog audit;

    public SealUses(SealRepository seals, SealUsageRepository usages, AuditLog audit) {
        this.seals = seals;
        this.usages = usages;
        this.audit = audit;
    }

    /** A seal reference by name ({@code name:示范医院检验检查专用章}), as route files write it. */
    public static final String BY_NAME = "name:";

    /**
     * The seal {@code sealId} (an id, or {@value #BY_NAME} and the name of an ACTIVE seal; null:
     * {@code personStaffId}'s personal signature image) if {@code personStaffId} may put
     * it on a document of {@code systemId} in {@code scenario} at {@code now}: ACTIVE, within its validity, in its
     * scope, and the person's own when it is personal.
     *
     * @throws SealException.NotUsable with the reason otherwise
     */
    public Chosen choose(String sealId, String personStaffId, String systemId, String scenario, Instant now) {
        if (sealId != null && sealId.startsWith(BY_NAME)) {
            String name = sealId.substring(BY_NAME.length());
            sealId = seals.activeSealNamed(name).orElseThrow(() -> new SealException.NotUsable("no active seal named "
                    + name));
        }
        String id = sealId != null ? sealId : seals.personalSealOf(personStaffId).orElseThrow(() ->
                new SealException.NotUsable(personStaffId + " has no active personal signature image (个人签名) in "
                        + "the seal registry: name a seal (sealId) or register one"));
        Seal seal = seals.find(id).orElseThrow(() -> new SealException.NotUsable("no seal " + id));
        if (seal.status() != SealStatus.ACTIVE) {
            throw new SealException.NotUsable("seal " + id + " is " + seal.status() + ", not ACTIVE");
        }
        if (now.isBefore(seal.validFrom())) {
            throw new SealException.NotUsable("seal " + id + " is valid from " + seal.validFrom());
        }
        if (!now.isBefore(seal.validUntil())) {
            throw new SealException.NotUsable("seal " + id + " expired at " + seal.validUntil());
        }
        if (!inScope(seal, systemId, scenario)) {
            throw new SealException.NotUsable("seal " + id + " is not for system " + systemId + " and scenario "
                    + (scenario == null ? "(none)" : scenario) + "; its scope is " + seal.scope());
        }
        String signer;
        if (seal.kind() == SealKind.PERSONAL) {
            if (!seal.ownerStaffId().equals(personStaffId)) {
                throw new SealException.NotUsable("seal " + id + " is another signer's personal signature image");
            }
            signer = personStaffId;
        } else {
            signer = SealRegistry.organisationSignerId(seal.ownerUnit());
        }
        byte[] png = seals.image(id).orElseThrow(() -> new SealException.NotUsable("no seal " + id));
        return new Chosen(seal, png, personStaffId, signer);
    }

    /** Records a use with its audit event; runs in the transaction that records the signature. */
    public void record(SealUsage use) {
        usages.insert(use);
        audit.append(AuditEvent.success("system:" + use.systemId(), "SYSTEM", SEAL_USED, use.sealId(),
                "signature " + use.signatureId() + " request " + use.systemId() + "/" + use.requestId()
                        + " asked-by " + use.requestedBy() + " signer " + use.signerStaffId() + " cert "
                        + use.certificateSerial() + " scenario " + (use.scenario() == null ? "-" : use.scenario())
                        + " document-sm3 " + use.documentSm3()));
    }

    /** No scope entry: any system and scenario; else one entry whose system and scenario match ('*' for any). */
    static boolean inScope(Seal seal, String systemId, String scenario) {
        if (seal.scope().isEmpty()) {
            return true;
        }
        return seal.scope().stream().anyMatch(s -> ("*".equals(s.system()) || s.system().equals(systemId))
                && ("*".equals(s.scenario()) || s.scenario().equals(scenario)));
    }
}
