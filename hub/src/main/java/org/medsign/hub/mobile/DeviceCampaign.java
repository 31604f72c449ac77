package org.medsign.hub.mobile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.springframework.stereotype.Component;

/**
 * The move of the staff's hub-held signing keys to collaborative keys (协同签名 campaign, issue #14): every holder gets
 * a one-time activation code ({@link AppActivations#issue}); each holder's device activation
 * ({@link DeviceActivations}) issues the collaborative certificate and, in the same transaction, supersedes the
 * hub-held one, so a holder always has exactly one valid signing certificate — the old one until the device exists,
 * the new one after. {@link #progress} shows who has activated.
 *
 * <p>Holders: staff members who have not left, are persons (not department or hospital certificates, which stay
 * hub-held), and hold an ACTIVE certificate the hub can sign with (custody HUB or COLLABORATIVE). Optionally limited
 * to one department.
 */
@Component
public class DeviceCampaign {

    /** The most waiting holders {@link #progress} lists. */
    public static final int LISTED = 500;

    /** A holder and where they stand. */
    public record Holder(String staffId, String name, String department, boolean activated) {
    }

    /** The campaign's state: how many holders, activated, waiting, and (at most 500) who is waiting. */
    public record Progress(String department, int holders, int activated, int waiting, List<Holder> waitingHolders) {
    }

    /** A code issued to a holder, shown once (for the letter or message to the holder). */
    public record Code(String staffId, String name, String department, String code, java.time.Instant expiresAt) {
        @Override
        public String toString() {
            return "Code[" + staffId + ", ***]";
        }
    }

    private final StaffRepository staff;
    private final StaffCertificateRepository certificates;
    private final AppActivations activations;
    private final AuditLog audit;

    public DeviceCampaign(StaffRepository staff, StaffCertificateRepository certificates, AppActivations activations,
                          AuditLog audit) {
        this.staff = staff;
        this.certificates = certificates;
        this.activations = activations;
        this.audit = audit;
    }

    /** Every holder (in {@code department}, null: all), activated or not, by staff id. */
    public List<Holder> holders(String department) {
        Map<String, Boolean> keyHolders = certificates.signingKeyHolders();
        Set<String> organisations = staff.organisations();
        Map<String, StaffRepository.Holder> roster = staff.holders(keyHolders.keySet());
        List<Holder> holders = new ArrayList<>();
        for (Map.Entry<String, Boolean> entry : keyHolders.entrySet()) {
            StaffRepository.Holder holder = roster.get(entry.getKey());
            if (holder == null || "left".equals(holder.employmentStatus()) || organisations.contains(entry.getKey())
                    || department != null && !department.equals(holder.department())) {
                continue;
            }
            holders.add(new Holder(holder.staffId(), holder.name(), holder.department(), entry.getValue()));
        }
        return holders;
    }

    /** Where the campaign stands (in {@code department}, null: all). */
    public Progress progress(String department) {
        List<Holder> all = holders(department);
        List<Holder> waiting = all.stream().filter(holder -> !holder.activated()).toList();
        return new Progress(department, all.size(), all.size() - waiting.size(), waiting.size(),
                waiting.stream().limit(LISTED).toList());
    }

    /**
     * Issues a fresh one-time code to every holder who has not activated a collaborative key yet (in
     * {@code department}, null: all); a code replaces the holder's earlier one. Returns the codes, shown only here.
     */
    public List<Code> issueCodes(String department, String operator) {
        List<Code> codes = new ArrayList<>();
        for (Holder holder : holders(department)) {
            if (!holder.activated()) {
                AppActivations.Issued issued = activations.issue(holder.staffId(), operator);
                codes.add(new Code(holder.staffId(), holder.name(), holder.department(), issued.code(),
                        issued.expiresAt()));
            }
        }
        audit.append(AuditEvent.success(operator, "SECURITY_ADMIN", "DEVICE_CAMPAIGN_CODES",
                department == null ? "staff/*" : "department/" + department, codes.size() + " activation codes"));
        return codes;
    }
}
