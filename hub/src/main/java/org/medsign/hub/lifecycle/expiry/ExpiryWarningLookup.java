package org.medsign.hub.lifecycle.expiry;

import java.util.List;
import java.util.Map;

import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.springframework.stereotype.Component;

/** Expiry warnings as screens and notifications show them: the stored warning with its holder's name and department. */
@Component
class ExpiryWarningLookup {

    private final ExpiryWarningRepository warnings;
    private final StaffRepository staff;

    ExpiryWarningLookup(ExpiryWarningRepository warnings, StaffRepository staff) {
        this.warnings = warnings;
        this.staff = staff;
    }

    /** The latest warnings, newest first. */
    List<ExpiryWarning> recent(int limit) {
        List<ExpiryWarningRepository.Stored> stored = warnings.recent(limit);
        Map<String, StaffRepository.Holder> holders = staff.holders(stored.stream()
                .map(ExpiryWarningRepository.Stored::staffId).toList());
        return stored.stream().map(w -> withHolder(w, holders.get(w.staffId()))).toList();
    }

    /** One warning. */
    ExpiryWarning find(String serial, int threshold) {
        ExpiryWarningRepository.Stored stored = warnings.find(serial, threshold);
        return withHolder(stored, staff.holder(stored.staffId()).orElse(null));
    }

    private static ExpiryWarning withHolder(ExpiryWarningRepository.Stored w, StaffRepository.Holder holder) {
        return new ExpiryWarning(w.serial(), w.thresholdDays(), w.daysLeft(), w.staffId(),
                holder == null ? null : holder.name(), holder == null ? null : holder.department(), w.notAfter(),
                w.createdAt(), w.webhookState(), w.emailState(), w.attempts(), w.lastError());
    }
}
